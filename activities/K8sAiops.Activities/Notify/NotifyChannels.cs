using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Notify.Delivery;
using K8sAiops.Activities.Notify.Rendering;
using K8sAiops.Durable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Notify;

/// <summary>
/// Activity: sends a card to every configured chat channel whose filters match (severity, namespaces, the card's own
/// channel list), each rendered for its platform with that channel's approval links. Channels are posted to at once;
/// one failing never stops another, and the activity never fails for a channel: the outcome says what happened.
/// A delivery record per channel (<see cref="DeliveryLedger"/>) keeps a re-delivered activity from posting twice.
/// </summary>
public sealed class NotifyChannels(
    IOptions<NotifyOptions> options,
    IEnumerable<IChannelRenderer> renderers,
    ChannelPoster poster,
    DeliveryLedger ledger,
    IApprovalLinks approvalLinks,
    ILogger<NotifyChannels> logger) : TaskActivity<ChatMessage, NotifyOutcome>
{
    private readonly Dictionary<string, IChannelRenderer> byKind = renderers.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    public override async Task<NotifyOutcome> RunAsync(TaskActivityContext context, ChatMessage input)
    {
        var channels = options.Value.Resolve();
        var key = input.DeliveryKey ?? context.IdempotencyKey;
        var deliveries = await Task.WhenAll(channels.Select(channel => DeliverAsync(key, channel, input)));
        var outcome = new NotifyOutcome([.. deliveries]);
        logger.LogInformation("Card {Kind} of {InstanceId}: {Outcome}", input.Kind, input.InstanceId, outcome.Describe());
        return outcome;
    }

    private async Task<ChannelDelivery> DeliverAsync(string idempotencyKey, ChatChannel channel, ChatMessage message)
    {
        if (channel.SkipReason(message) is { } reason)
            return new ChannelDelivery(channel.Name, channel.Kind, DeliveryStatuses.Skipped, reason, 0);

        var claim = await ledger.ClaimAsync(idempotencyKey, channel.Name, options.Value.ClaimTimeout, ShutdownToken);
        if (!claim.Claimed)
        {
            logger.LogInformation("Chat channel {Channel} not posted to for {IdempotencyKey}: {Detail}", channel.Name, idempotencyKey, claim.Detail);
            return new ChannelDelivery(channel.Name, channel.Kind, claim.Status, claim.Detail, 0);
        }

        PostResult result;
        try
        {
            var links = message.Approval is { } approval ? approvalLinks.For(approval, channel.Name) : null;
            var renderer = byKind[channel.Kind];
            result = await poster.PostAsync(channel, now => renderer.Render(new RenderRequest(message, channel, links, idempotencyKey, now)), ShutdownToken);
        }
        catch (OperationCanceledException) when (ShutdownToken.IsCancellationRequested)
        {
            // The host is stopping: free the claim so the re-delivered activity posts.
            await ledger.CompleteAsync(idempotencyKey, channel.Name, DeliveryStatuses.Failed, "interrupted by shutdown", 0, transient: true, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Chat channel {Channel} could not be rendered or posted to", channel.Name);
            result = new PostResult(false, $"{e.GetType().Name}: {e.Message}", 0, Transient: false);
        }

        var status = result.Sent ? DeliveryStatuses.Sent : DeliveryStatuses.Failed;
        await ledger.CompleteAsync(idempotencyKey, channel.Name, status, result.Detail, result.Attempts, result.Transient, CancellationToken.None);
        if (result.Sent)
            logger.LogInformation("Chat channel {Channel} ({ChannelKind}) took the card after {Attempts} attempt(s)", channel.Name, channel.Kind, result.Attempts);
        else
            logger.LogWarning("Chat channel {Channel} ({ChannelKind}) failed after {Attempts} attempt(s): {Detail}", channel.Name, channel.Kind, result.Attempts, result.Detail);
        return new ChannelDelivery(channel.Name, channel.Kind, status, result.Detail, result.Attempts);
    }
}
