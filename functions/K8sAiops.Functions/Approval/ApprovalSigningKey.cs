using K8sAiops.Activities.Approve;
using K8sAiops.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Approval;

/// <summary>
/// The key approval links are signed with: <c>Approval:SigningKey</c> when set; otherwise one generated once into
/// <see cref="ApprovalOptions.KeyFile"/> (owner-only) and reused on later starts, as the function key is.
/// Rotating it (a new setting, or deleting the file) invalidates every link handed out before.
/// </summary>
public static class ApprovalSigningKey
{
    public static ApprovalTokens Load(IOptions<ApprovalOptions> options, IHostEnvironment environment, ILogger logger)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.SigningKey))
            return new ApprovalTokens(settings.SigningKey);

        var path = Path.GetFullPath(settings.KeyFile, environment.ContentRootPath);
        return new ApprovalTokens(GeneratedKeyFile.LoadOrCreate(path, ApprovalTokens.MinKeyLength, logger, "approval signing key",
            $"{ApprovalOptions.SectionName}:{nameof(ApprovalOptions.SigningKey)}"));
    }
}
