using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>A store that sends every message twice, as an at-least-once queue may deliver it.</summary>
public sealed class DuplicatingStore(IOrchestrationStore inner) : IOrchestrationStore
{
    public string TaskHubName => inner.TaskHubName;

    public int PartitionCount => inner.PartitionCount;

    public long OperationCount => inner.OperationCount;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        await inner.SendAsync(messages, cancellationToken);
        await inner.SendAsync(messages, cancellationToken);
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => inner.ReceiveControlMessagesAsync(partition, maxCount, visibilityTimeout, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => inner.ReceiveWorkItemsAsync(maxCount, visibilityTimeout, cancellationToken);

    public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default) => inner.DeleteMessageAsync(message, cancellationToken);

    public Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
        => inner.ReleaseMessageAsync(message, delay, cancellationToken);

    public Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => inner.RenewMessageAsync(message, visibilityTimeout, cancellationToken);

    public Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadHistoryAsync(instanceId, cancellationToken);

    public Task<object?> AppendHistoryAsync(string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default)
        => inner.AppendHistoryAsync(instanceId, executionId, token, startIndex, newEvents, cancellationToken);

    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
        => inner.GetInstanceAsync(instanceId, fetchPayloads, cancellationToken);

    public Task UpdateInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default) => inner.UpdateInstanceAsync(instance, cancellationToken);

    public Task<CreateInstanceResult> TryCreateInstanceAsync(InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
        => inner.TryCreateInstanceAsync(instance, replaceableStatuses, cancellationToken);

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryInstancesAsync(query, cancellationToken);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public IPartitionManager CreatePartitionManager(string workerId) => inner.CreatePartitionManager(workerId);
}
