using System.Collections.Concurrent;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// Runs orchestrations and activities from a task hub: one poller per owned partition (control queue),
/// one for the work-item queue, and a loop that keeps partition leases. Several workers may share a hub.
/// </summary>
public sealed partial class DurableTaskWorker : IHostedService, IAsyncDisposable
{
    private readonly IOrchestrationStore _store;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly DurableTaskWorkerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, PartitionState> _partitions = new();
    private readonly SemaphoreSlim _orchestrationSlots;
    private readonly SemaphoreSlim _activitySlots;
    private readonly WakeSignal _activitySignal = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private CancellationTokenSource? _stopping;
    private IPartitionManager? _partitionManager;
    private Task? _partitionLoop;
    private Task? _activityLoop;
    private int _stopped;
    private int _disposed;

    public DurableTaskWorker(
        IOrchestrationStore store,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DurableTaskWorkerOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        DurableTaskClient? client = null)
    {
        _store = store;
        _registry = registry;
        _services = services;
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        _time = timeProvider;
        _orchestrationSlots = new SemaphoreSlim(options.MaxConcurrentOrchestrations);
        _activitySlots = new SemaphoreSlim(options.MaxConcurrentActivities);
        if (client is not null)
        {
            client.MessagesSent += OnMessagesSent;
        }
    }

    /// <summary>Partitions this worker owns now.</summary>
    public IReadOnlyCollection<int> OwnedPartitions => [.. _partitions.Keys];

    public string WorkerId => _options.WorkerId;

    /// <summary>
    /// Creates the task hub if needed, claims this worker's id on it (throws <see cref="DuplicateWorkerIdException"/>
    /// when another live host uses the same id), and starts taking work.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.CreateIfNotExistsAsync(cancellationToken);
        var manager = _store.CreatePartitionManager(_options.WorkerId);
        try
        {
            await manager.StartAsync(cancellationToken);
        }
        catch
        {
            await manager.DisposeAsync();
            throw;
        }

        _partitionManager = manager;
        _stopping = new CancellationTokenSource();
        _partitionLoop = Task.Run(() => ManagePartitionsAsync(_stopping.Token), CancellationToken.None);
        _activityLoop = Task.Run(() => PollWorkItemsAsync(_stopping.Token), CancellationToken.None);
        LogStarted(_options.WorkerId, _store.TaskHubName, _store.PartitionCount);
        if (_options.VisibilityTimeout > manager.LeaseDuration)
        {
            LogSlowRecovery(_options.VisibilityTimeout, manager.LeaseDuration);
        }
    }

    /// <summary>
    /// Stops taking work, lets running episodes and activities finish (until <paramref name="cancellationToken"/>
    /// is cancelled or a partition's ownership runs out), then gives up the leases.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var partition in _partitions.Values)
        {
            await partition.Polling.CancelAsync();
        }

        var loops = new[] { _partitionLoop, _activityLoop }.Concat(_partitions.Values.Select(p => p.Loop)).OfType<Task>();
        await WhenAllQuietly(loops.Concat(_running.Keys), cancellationToken);
        foreach (var partition in _partitions.Values)
        {
            await EndOwnershipAsync(partition);
        }

        if (_partitionManager is not null)
        {
            await _partitionManager.DisposeAsync();
        }

        LogStopped(_options.WorkerId);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping?.Dispose();
        _orchestrationSlots.Dispose();
        _activitySlots.Dispose();
    }

    /// <summary>Wakes the pollers that will find these messages, so local work starts without waiting for a poll.</summary>
    internal void OnMessagesSent(IReadOnlyList<OutboundMessage> messages)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var outbound in messages)
        {
            if (outbound.Message.IsWorkItem)
            {
                _activitySignal.Set();
                continue;
            }

            var partition = Partitioning.PartitionOf(outbound.Message.InstanceId, _store.PartitionCount);
            if (!_partitions.TryGetValue(partition, out var state))
            {
                continue;
            }

            if (outbound.VisibleAt is { } at && at > now)
            {
                state.WakeAt(at - now, _time);
            }
            else
            {
                state.Signal.Set();
            }
        }
    }

    private Task Track(Func<Task> work)
    {
        var task = Task.Run(work);
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private static async Task WhenAllQuietly(IEnumerable<Task> tasks, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Loops end with cancellation; their own failures were logged where they happened.
        }
        catch (OperationCanceledException)
        {
            // The caller stopped waiting; what still runs is cancelled by ownership ending.
        }
    }

    /// <summary>How long a message that keeps failing stays hidden: 2^n s, at most <paramref name="max"/> (default 10 minutes).</summary>
    private static TimeSpan Backoff(int dequeueCount, TimeSpan? max = null)
        => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(dequeueCount, 10)), (max ?? TimeSpan.FromMinutes(10)).TotalSeconds));
}
