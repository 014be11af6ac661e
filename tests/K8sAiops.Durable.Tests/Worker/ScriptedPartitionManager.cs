using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Tests.Worker;

/// <summary>
/// A partition manager a test drives: which partitions the worker owns after each refresh, which it is asked to
/// hand over, and whether a refresh hangs (storage that stops answering). It records when each refresh ran.
/// </summary>
public sealed class ScriptedPartitionManager(int partitionCount, TimeSpan refreshInterval) : IPartitionManager
{
    private readonly Lock _lock = new();
    private readonly List<DateTime> _refreshes = [];
    private HashSet<int> _owned = [.. Enumerable.Range(0, partitionCount)];

    public IReadOnlySet<int> PartitionsToRelease { get; private set; } = new HashSet<int>();

    public TimeSpan RefreshInterval => refreshInterval;

    /// <summary>How long a refresh confirms ownership; infinite unless a test needs the worker's own deadline.</summary>
    public TimeSpan LeaseDuration { get; set; } = Timeout.InfiniteTimeSpan;

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>When set, refreshes never return (until cancelled).</summary>
    public bool Hang { get; set; }

    public List<int> Released { get; } = [];

    public int RefreshCount
    {
        get
        {
            lock (_lock)
            {
                return _refreshes.Count;
            }
        }
    }

    public void Own(params int[] partitions)
    {
        lock (_lock)
        {
            _owned = [.. partitions];
        }
    }

    public void AskToRelease(params int[] partitions) => PartitionsToRelease = new HashSet<int>(partitions);

    public async Task<IReadOnlySet<int>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _refreshes.Add(DateTime.UtcNow);
        }

        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        lock (_lock)
        {
            return _owned.ToHashSet();
        }
    }

    public Task ReleaseAsync(int partition, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Released.Add(partition);
            _owned.Remove(partition);
        }

        PartitionsToRelease = PartitionsToRelease.Where(p => p != partition).ToHashSet();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An in-memory store whose partitions are owned as a <see cref="ScriptedPartitionManager"/> says.</summary>
public sealed class ScriptedOwnershipStore(IOrchestrationStore inner, ScriptedPartitionManager manager) : DelegatingOrchestrationStore(inner)
{
    public override IPartitionManager CreatePartitionManager(string workerId) => manager;
}
