using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>A store that sends every message twice, as an at-least-once queue may deliver it.</summary>
public sealed class DuplicatingStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
{
    public override async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        await Inner.SendAsync(messages, cancellationToken);
        await Inner.SendAsync(messages, cancellationToken);
    }
}
