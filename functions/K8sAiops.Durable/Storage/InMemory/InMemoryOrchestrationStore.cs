using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage.InMemory;

/// <summary>
/// The whole task hub in process memory: for unit tests and one-shot CLI runs. Messages and events are
/// copied through their JSON form, so what works here also round-trips through Azure Storage.
/// </summary>
public sealed class InMemoryOrchestrationStore(TimeProvider? timeProvider = null, int partitionCount = 4, string taskHubName = "InMemory")
    : IOrchestrationStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly InMemoryQueue[] _controlQueues = [.. Enumerable.Range(0, partitionCount).Select(_ => new InMemoryQueue())];
    private readonly InMemoryQueue _workItems = new();
    private readonly Dictionary<string, StoredHistory> _histories = [];
    private readonly Dictionary<string, InstanceRecord> _instances = [];
    private readonly Lock _lock = new();

    public string TaskHubName => taskHubName;

    public int PartitionCount => partitionCount;

    /// <summary>Counts storage operations, as the Azure store does, so tests can compare.</summary>
    public long OperationCount => Interlocked.Read(ref _operations);

    private long _operations;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var now = Now;
        foreach (var outbound in messages)
        {
            Count();
            var queue = outbound.Message.IsWorkItem ? _workItems : _controlQueues[Partitioning.PartitionOf(outbound.Message.InstanceId, partitionCount)];
            queue.Add(MessageSerializer.Serialize(outbound.Message), outbound.VisibleAt is { } at && at > now ? at : now);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => Task.FromResult(Receive(_controlQueues[partition], maxCount, visibilityTimeout));

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => Task.FromResult(Receive(_workItems, maxCount, visibilityTimeout));

    public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Count();
        var m = (InMemoryReceivedMessage)message;
        m.Queue.Delete(m.Id, m.Receipt);
        return Task.CompletedTask;
    }

    public Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        Count();
        var m = (InMemoryReceivedMessage)message;
        m.Queue.SetVisibleAt(m.Id, m.Receipt, Now + delay);
        return Task.CompletedTask;
    }

    public Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => ReleaseMessageAsync(message, visibilityTimeout, cancellationToken);

    public Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            if (!_histories.TryGetValue(instanceId, out var stored))
            {
                return Task.FromResult(HistorySnapshot.Empty);
            }

            return Task.FromResult(new HistorySnapshot(
                stored.ExecutionId, [.. stored.Events.Select(MessageSerializer.DeserializeEvent)], stored.Version, stored.Version));
        }
    }

    public Task<AppendedHistory> AppendHistoryAsync(string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            _histories.TryGetValue(instanceId, out var stored);
            if ((stored?.Version) != (token as long?))
            {
                throw new HistoryConflictException(instanceId);
            }

            var events = startIndex == 0 ? [] : stored!.Events.Take(startIndex).ToList();
            events.AddRange(newEvents.Select(MessageSerializer.Serialize));
            var version = (stored?.Version ?? 0) + 1;
            _histories[instanceId] = new StoredHistory(executionId, events, version);
            return Task.FromResult(new AppendedHistory(version, version));
        }
    }

    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    public Task<InstanceWrite> WriteInstanceAsync(InstanceRecord instance, object? rowToken, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            if (_instances.TryGetValue(instance.InstanceId, out var stored))
            {
                if (!InstanceRows.IsOlder(stored.Checkpoint, stored.ExecutionId, instance))
                {
                    return Task.FromResult(new InstanceWrite(false, null));
                }

                // As the Azure store merges: a null input means "keep the stored one".
                instance = instance.Input is null ? instance with { Input = stored.Input } : instance;
            }

            _instances[instance.InstanceId] = instance;
            return Task.FromResult(new InstanceWrite(true, null));
        }
    }

    public Task<CreateInstanceResult> TryCreateInstanceAsync(InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            if (_instances.TryGetValue(instance.InstanceId, out var existing) && !replaceableStatuses.Contains(existing.RuntimeStatus))
            {
                return Task.FromResult(CreateInstanceResult.AlreadyExists);
            }

            _instances[instance.InstanceId] = existing is null ? instance : instance with { Checkpoint = existing.Checkpoint };
            return Task.FromResult(CreateInstanceResult.Created);
        }
    }

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            var matches = _instances.Values
                .Where(i => query.RuntimeStatus is null || query.RuntimeStatus.Count == 0 || query.RuntimeStatus.Contains(i.RuntimeStatus))
                .Where(i => query.CreatedTimeFrom is null || i.CreatedTime >= query.CreatedTimeFrom)
                .Where(i => query.CreatedTimeTo is null || i.CreatedTime <= query.CreatedTimeTo)
                .Where(i => query.InstanceIdPrefix is null || i.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
                .SkipWhile(i => query.ContinuationToken is not null && string.CompareOrdinal(i.InstanceId, query.ContinuationToken) <= 0)
                .Take(query.PageSize + 1)
                .ToList();
            var more = matches.Count > query.PageSize;
            var page = matches.Take(query.PageSize).ToList();
            return Task.FromResult(new InstancePage(page, more ? page[^1].InstanceId : null));
        }
    }

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        Count();
        lock (_lock)
        {
            _histories.Remove(instanceId);
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    public IPartitionManager CreatePartitionManager(string workerId) => new OwnAllPartitions(partitionCount);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private void Count() => Interlocked.Increment(ref _operations);

    private IReadOnlyList<ReceivedMessage> Receive(InMemoryQueue queue, int maxCount, TimeSpan visibilityTimeout)
    {
        Count();
        var now = Now;
        return [.. queue.Take(maxCount, now, now + visibilityTimeout)
            .Select(e => new InMemoryReceivedMessage(queue, e.Id, e.Receipt, MessageSerializer.DeserializeMessage(e.Body), e.DequeueCount))];
    }

    private sealed record StoredHistory(string ExecutionId, List<string> Events, long Version);

    private sealed class InMemoryReceivedMessage(InMemoryQueue queue, long id, int receipt, TaskMessage message, int dequeueCount)
        : ReceivedMessage(message, dequeueCount)
    {
        public InMemoryQueue Queue { get; } = queue;

        public long Id { get; } = id;

        public int Receipt { get; } = receipt;
    }

    private sealed class OwnAllPartitions(int count) : IPartitionManager
    {
        private readonly IReadOnlySet<int> _all = Enumerable.Range(0, count).ToHashSet();

        public IReadOnlySet<int> PartitionsToRelease { get; } = new HashSet<int>();

        public TimeSpan RefreshInterval => TimeSpan.FromSeconds(10);

        public TimeSpan LeaseDuration => Timeout.InfiniteTimeSpan;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlySet<int>> RefreshAsync(CancellationToken cancellationToken = default) => Task.FromResult(_all);

        public Task ReleaseAsync(int partition, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
