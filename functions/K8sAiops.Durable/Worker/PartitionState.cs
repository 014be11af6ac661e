using System.Collections.Concurrent;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

/// <summary>
/// One control-queue partition while this worker owns it: its poller, its sessions, the messages it holds, and how
/// long its ownership lasts. <see cref="Owned"/> is cancelled the moment ownership ends (lost, handed over, not
/// confirmed in time, or the worker stops): every episode of the partition stops before its next write, and its
/// messages stop being renewed, so that they become another owner's.
/// </summary>
internal sealed class PartitionState : IDisposable
{
    private readonly ConcurrentDictionary<ReceivedMessage, HeldMessage> _held = new(ReferenceEqualityComparer.Instance);
    private readonly ITimer _ownershipTimer;
    private ITimer? _wakeTimer;

    public PartitionState(int partition, TimeProvider time, Action<PartitionState> ownershipLapsed, CancellationToken workerStopping)
    {
        Partition = partition;
        Polling = CancellationTokenSource.CreateLinkedTokenSource(Owned.Token, workerStopping);
        _ownershipTimer = time.CreateTimer(_ => ownershipLapsed(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Partition { get; }

    /// <summary>Cancelled when this worker no longer owns the partition: sessions stop before their next write.</summary>
    public CancellationTokenSource Owned { get; } = new();

    /// <summary>Cancelled when the poller must take no more messages (handover, shutdown) or ownership ended.</summary>
    public CancellationTokenSource Polling { get; }

    public SessionCache Sessions { get; } = new();

    public WakeSignal Signal { get; } = new();

    public Task? Loop { get; set; }

    /// <summary>Set while the partition is being handed over: it is still owned and renewed, but takes no new work.</summary>
    public bool Draining { get; set; }

    public int PendingMessages;

    /// <summary>Keeps ownership until <paramref name="due"/> from now unless extended again; infinite means forever.</summary>
    public void ExtendOwnership(TimeSpan due)
    {
        if (!Owned.IsCancellationRequested)
        {
            _ownershipTimer.Change(due == Timeout.InfiniteTimeSpan || due >= TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Ends ownership: sessions stop before their next write, the poller and the renewals stop.</summary>
    public async Task EndOwnershipAsync()
    {
        _ownershipTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await Owned.CancelAsync();
    }

    public void Hold(IEnumerable<ReceivedMessage> messages, long now)
    {
        foreach (var message in messages)
        {
            _held.TryAdd(message, new HeldMessage(message, now));
        }
    }

    /// <summary>
    /// Deletes or releases a held message (<paramref name="settle"/>), never at the same time as a renewal of it, and
    /// never renewed afterwards: a renewal racing a release would otherwise hide the message again.
    /// </summary>
    public async Task SettleAsync(ReceivedMessage message, Func<Task> settle)
    {
        if (!_held.TryRemove(message, out var held))
        {
            return; // settled already (postponed, then its episode abandoned): once is what counts
        }

        await held.Gate.WaitAsync();
        try
        {
            held.Settled = true;
            await settle();
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>Messages held longer than <paramref name="olderThan"/> since their last renewal.</summary>
    public IEnumerable<HeldMessage> DueForRenewal(TimeProvider time, TimeSpan olderThan) => _held.Values.Where(h => time.GetElapsedTime(h.RenewedAt) >= olderThan);

    /// <summary>Wakes the poller when a timer message it just sent becomes visible.</summary>
    public void WakeAt(TimeSpan due, TimeProvider time)
    {
        var timer = time.CreateTimer(_ => Signal.Set(), null, due + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _wakeTimer, timer)?.Dispose();
    }

    /// <summary>Stops the timers. The cancellation sources stay usable: sessions that ran on may still look at them.</summary>
    public void Dispose()
    {
        _ownershipTimer.Dispose();
        _wakeTimer?.Dispose();
    }

    /// <summary>A received message and when it was last made invisible for another visibility timeout.</summary>
    internal sealed class HeldMessage(ReceivedMessage message, long renewedAt)
    {
        public ReceivedMessage Message { get; } = message;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long RenewedAt { get; set; } = renewedAt;

        public bool Settled { get; set; }
    }
}
