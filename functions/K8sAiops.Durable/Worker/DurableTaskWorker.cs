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
    private readonly SessionCache _sessions = new();
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.CreateIfNotExistsAsync(cancellationToken);
        _stopping = new CancellationTokenSource();
        _partitionManager = _store.CreatePartitionManager(_options.WorkerId);
        _partitionLoop = Task.Run(() => ManagePartitionsAsync(_stopping.Token), CancellationToken.None);
        _activityLoop = Task.Run(() => PollWorkItemsAsync(_stopping.Token), CancellationToken.None);
        LogStarted(_options.WorkerId, _store.TaskHubName, _store.PartitionCount);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var partition in _partitions.Values)
        {
            await partition.Stop.CancelAsync();
        }

        var loops = new[] { _partitionLoop, _activityLoop }.Concat(_partitions.Values.Select(p => p.Loop)).OfType<Task>();
        await WhenAllQuietly(loops.Concat(_running.Keys), cancellationToken);
        if (_partitionManager is not null)
        {
            await _partitionManager.DisposeAsync();
        }

        _partitions.Clear();
        _sessions.Clear();
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

    private async Task ManagePartitionsAsync(CancellationToken stopping)
    {
        var manager = _partitionManager!;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var owned = await manager.RefreshAsync(stopping);
                foreach (var partition in owned)
                {
                    if (!_partitions.ContainsKey(partition))
                    {
                        StartPartition(partition, stopping);
                    }
                }

                foreach (var (partition, state) in _partitions)
                {
                    if (!owned.Contains(partition))
                    {
                        LogPartitionLost(partition, _options.WorkerId);
                        await StopPartitionAsync(partition, state);
                    }
                    else if (manager.PartitionsToRelease.Contains(partition))
                    {
                        LogPartitionReleasing(partition, _options.WorkerId);
                        await StopPartitionAsync(partition, state);
                        await manager.ReleaseAsync(partition, stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPartitionManagerFailed(ex);
            }

            try
            {
                await Task.Delay(manager.RefreshInterval, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void StartPartition(int partition, CancellationToken stopping)
    {
        var state = new PartitionState(partition, CancellationTokenSource.CreateLinkedTokenSource(stopping));
        if (_partitions.TryAdd(partition, state))
        {
            state.Loop = Task.Run(() => PollControlQueueAsync(state), CancellationToken.None);
            LogPartitionAcquired(partition, _options.WorkerId);
        }
    }

    /// <summary>Stops taking messages from a partition and waits for its running episodes to end.</summary>
    private async Task StopPartitionAsync(int partition, PartitionState state)
    {
        await state.Stop.CancelAsync();
        if (state.Loop is not null)
        {
            await WhenAllQuietly([state.Loop], CancellationToken.None);
        }

        // Bounded, because this loop also renews the other partitions' leases; an episode still running
        // afterwards cannot do harm: its history append fails on the ETag once another host has written.
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (_sessions.Sessions.Any(s => s.Partition == partition && s.IsRunning) && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
        }

        _sessions.RemovePartition(partition);

        _partitions.TryRemove(partition, out _);
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
    }

    /// <summary>How long a message that keeps failing stays hidden: 2^n s, at most <paramref name="max"/> (default 10 minutes).</summary>
    private static TimeSpan Backoff(int dequeueCount, TimeSpan? max = null)
        => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(dequeueCount, 10)), (max ?? TimeSpan.FromMinutes(10)).TotalSeconds));

    private sealed class PartitionState(int partition, CancellationTokenSource stop)
    {
        private ITimer? _timer;

        public int Partition { get; } = partition;

        public CancellationTokenSource Stop { get; } = stop;

        public WakeSignal Signal { get; } = new();

        public Task? Loop { get; set; }

        public int PendingMessages;

        /// <summary>Wakes the poller when a timer message it just sent becomes visible.</summary>
        public void WakeAt(TimeSpan due, TimeProvider time)
        {
            var timer = time.CreateTimer(_ => Signal.Set(), null, due + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _timer, timer)?.Dispose();
        }
    }
}
