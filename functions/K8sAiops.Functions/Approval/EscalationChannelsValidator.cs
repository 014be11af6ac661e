using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Notify;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Approval;

/// <summary>
/// Checks at start that every <c>Approval:EscalateTo</c> name is a configured chat channel's name: a typo would
/// otherwise send an escalation nowhere, hours later.
/// </summary>
public sealed class EscalationChannelsValidator(IOptions<NotifyOptions> notify) : IValidateOptions<ApprovalOptions>
{
    public ValidateOptionsResult Validate(string? name, ApprovalOptions options)
    {
        if (options.EscalateTo.Count == 0)
            return ValidateOptionsResult.Success;
        IReadOnlyList<ChatChannel> channels;
        try
        {
            channels = notify.Value.Resolve();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return ValidateOptionsResult.Skip; // the channels' own settings are wrong; their validation says how
        }

        var known = channels.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = options.EscalateTo.Where(n => !known.Contains(n)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Setting Approval:EscalateTo is invalid: no chat channel is named {string.Join(", ", unknown.Select(n => $"'{n}'"))} " +
                $"(configured: {(known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal)))}; a channel's name is Notify:Channels:N:Name, default {{kind}}-{{N}}).");
    }
}
