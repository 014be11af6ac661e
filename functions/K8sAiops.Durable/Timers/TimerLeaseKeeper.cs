using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// Renews a timer lease in the background every third of its duration, and trips
/// <see cref="Lost"/> once the lease cannot be kept, so the holder stops acting on the timer.
/// </summary>
internal sealed class TimerLeaseKeeper : IAsyncDisposable
{
    private readonly ITimerScheduleStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public TimerLeaseKeeper(TimerLease lease, ITimerScheduleStore store, TimeProvider time, ILogger logger)
    {
        Lease = lease;
        _store = store;
        _time = time;
        _logger = logger;
        _renewing = RenewAsync();
    }

    public TimerLease Lease { get; }

    /// <summary>Cancelled when the lease has been lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync()
    {
        var renewEvery = Lease.Duration / 3;
        var expires = _time.GetUtcNow() + Lease.Duration;
        try
        {
            while (true)
            {
                await Task.Delay(renewEvery, _time, _stop.Token);
                bool renewed;
                try
                {
                    renewed = await _store.TryRenewLeaseAsync(Lease, _stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Timer {TimerName} could not renew its lease on {HostId}", Lease.TimerName, Lease.HostId);
                    renewed = false;
                    if (_time.GetUtcNow() + renewEvery < expires)
                    {
                        continue;
                    }
                }

                if (!renewed)
                {
                    _logger.LogWarning("Timer {TimerName} lost its lease on {HostId}", Lease.TimerName, Lease.HostId);
                    await _lost.CancelAsync();
                    return;
                }

                expires = _time.GetUtcNow() + Lease.Duration;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The holder is done with the lease.
        }
    }
}
