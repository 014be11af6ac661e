using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage;

/// <summary>
/// A store that forwards every call to another, as <c>DelegatingHandler</c> does for HTTP: derive from it to observe,
/// delay or fail some calls (fault injection, tracing) and leave the rest alone.
/// </summary>
public abstract class DelegatingOrchestrationStore(IOrchestrationStore inner) : IOrchestrationStore
{
    protected IOrchestrationStore Inner { get; } = inner;

    public virtual string TaskHubName => Inner.TaskHubName;

    public virtual int PartitionCount => Inner.PartitionCount;

    public virtual long OperationCount => Inner.OperationCount;

    public virtual Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => Inner.CreateIfNotExistsAsync(cancellationToken);

    public virtual Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
        => Inner.SendAsync(messages, cancellationToken);

    public virtual Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => Inner.ReceiveControlMessagesAsync(partition, maxCount, visibilityTimeout, cancellationToken);

    public virtual Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => Inner.ReceiveWorkItemsAsync(maxCount, visibilityTimeout, cancellationToken);

    public virtual Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
        => Inner.DeleteMessageAsync(message, cancellationToken);

    public virtual Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
        => Inner.ReleaseMessageAsync(message, delay, cancellationToken);

    public virtual Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => Inner.RenewMessageAsync(message, visibilityTimeout, cancellationToken);

    public virtual Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
        => Inner.LoadHistoryAsync(instanceId, cancellationToken);

    public virtual Task<AppendedHistory> AppendHistoryAsync(
        string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default)
        => Inner.AppendHistoryAsync(instanceId, executionId, token, startIndex, newEvents, cancellationToken);

    public virtual Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
        => Inner.GetInstanceAsync(instanceId, fetchPayloads, cancellationToken);

    public virtual Task<InstanceWrite> WriteInstanceAsync(InstanceRecord instance, object? rowToken, CancellationToken cancellationToken = default)
        => Inner.WriteInstanceAsync(instance, rowToken, cancellationToken);

    public virtual Task<CreateInstanceResult> TryCreateInstanceAsync(
        InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
        => Inner.TryCreateInstanceAsync(instance, replaceableStatuses, cancellationToken);

    public virtual Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
        => Inner.QueryInstancesAsync(query, cancellationToken);

    public virtual Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
        => Inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public virtual IPartitionManager CreatePartitionManager(string workerId) => Inner.CreatePartitionManager(workerId);
}
