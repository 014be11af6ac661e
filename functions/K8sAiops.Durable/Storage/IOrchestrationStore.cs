using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage;

/// <summary>
/// Durable storage for a task hub: control queues (one per partition), the activity work-item queue,
/// histories, instance rows. Implementations move payloads too large for a message or a column to
/// blobs transparently. The dispatcher, not the store, decides the checkpoint order.
/// </summary>
public interface IOrchestrationStore
{
    string TaskHubName { get; }

    int PartitionCount { get; }

    /// <summary>Storage requests made so far: the measure of how lean the runtime is per activity.</summary>
    long OperationCount { get; }

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends each message to its instance's control queue, or to the work-item queue for activities.</summary>
    Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Makes a received message visible again after <paramref name="delay"/>.</summary>
    Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Keeps a received message invisible for another <paramref name="visibilityTimeout"/>.</summary>
    Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="newEvents"/> to the execution's history, atomically with respect to readers:
    /// the events are visible all at once or not at all. <paramref name="startIndex"/> is the number of events
    /// already stored for this execution (0 starts a new execution and hides the previous one's).
    /// Throws <see cref="HistoryConflictException"/> when <paramref name="token"/> is stale. Each successful append
    /// takes the instance's next checkpoint number (increasing across executions, until the instance is purged).
    /// </summary>
    Task<AppendedHistory> AppendHistoryAsync(string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default);

    Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the instance row (inserting it when absent) unless the stored row is newer: one written at a later
    /// <see cref="InstanceRecord.Checkpoint"/>, or by another execution at the same one. So a stalled host that wakes
    /// after another finished the instance cannot turn Completed back into Running. <paramref name="rowToken"/> is
    /// what the previous write returned for this instance (null when unknown: the store reads the row first).
    /// </summary>
    Task<InstanceWrite> WriteInstanceAsync(InstanceRecord instance, object? rowToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the row, or replaces an existing one whose status is in <paramref name="replaceableStatuses"/> (keeping
    /// its checkpoint, so that writes of the replaced execution stay older than the new one).
    /// </summary>
    Task<CreateInstanceResult> TryCreateInstanceAsync(InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default);

    Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the instance row, its history and its blobs; false when there was no such instance.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Decides which partitions this worker owns; called periodically by the worker.</summary>
    IPartitionManager CreatePartitionManager(string workerId);
}

/// <summary>Partition ownership for one worker (leases in Azure Storage; everything in memory).</summary>
public interface IPartitionManager : IAsyncDisposable
{
    /// <summary>
    /// Claims this worker's id on the task hub before any lease is taken. Throws
    /// <see cref="DuplicateWorkerIdException"/> when a live host already works under the same id.
    /// </summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Acquires, renews and gives up leases; returns the partitions this worker owns now.</summary>
    Task<IReadOnlySet<int>> RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives up a partition this worker was asked to hand over (after its in-flight work ended).</summary>
    Task ReleaseAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>Partitions this worker should hand over to balance load across workers.</summary>
    IReadOnlySet<int> PartitionsToRelease { get; }

    /// <summary>How long to wait before the next <see cref="RefreshAsync"/>: short while partitions wait for an owner.</summary>
    TimeSpan RefreshInterval { get; }

    /// <summary>
    /// How long a lease lasts after the refresh that renewed it (infinite when nobody else can take a partition):
    /// the worker stops a partition's work by itself when its ownership was not confirmed within this time.
    /// </summary>
    TimeSpan LeaseDuration { get; }
}

/// <summary>Another live host works on the task hub under the same worker id, so this one must not.</summary>
public sealed class DuplicateWorkerIdException(string message) : Exception(message);
