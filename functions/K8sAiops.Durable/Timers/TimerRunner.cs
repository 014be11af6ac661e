using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// Runs one timer on one host: waits for the timer's lease, and while holding it reads the stored
/// status, records each occurrence before firing it (under the lease and the ETag read, so no
/// other host fires the same occurrence), and sleeps until the next one.
/// </summary>
internal sealed class TimerRunner(
    TimerTriggerDefinition timer,
    ITimerScheduleStore store,
    TimeProvider time,
    ILogger logger,
    string hostId,
    TimeSpan leaseDuration)
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _acquireEvery = TimeSpan.FromTicks(Math.Min(leaseDuration.Ticks / 3, TimeSpan.FromSeconds(5).Ticks));
    private bool _runAtStartPending = timer.RunOnStartup;
    private StoredScheduleStatus _unmonitored = new(null, null);

    /// <summary>Whether stopping gives the lease back; a host that crashes does not, and its lease expires.</summary>
    public bool ReleaseOnStop { get; set; } = true;

    public async Task RunAsync(CancellationToken stopping)
    {
        var firstAttempt = true;
        while (!stopping.IsCancellationRequested)
        {
            var lease = await TryAcquireAsync(stopping);
            if (lease is null)
            {
                // A run at start belongs to the host that takes charge of the timer as it starts.
                _runAtStartPending &= !firstAttempt;
                firstAttempt = false;
                await SleepAsync(_acquireEvery, stopping);
                continue;
            }

            firstAttempt = false;
            logger.LogInformation("Timer {TimerName} is run by host {HostId} from now on", timer.Name, hostId);
            await using (var keeper = new TimerLeaseKeeper(lease, store, time, logger))
            {
                using var leased = CancellationTokenSource.CreateLinkedTokenSource(stopping, keeper.Lost);
                try
                {
                    await RunLeasedAsync(lease, leased.Token, stopping);
                }
                catch (OperationCanceledException) when (leased.IsCancellationRequested)
                {
                    // Stopping, or the lease was lost: either way this host stops acting on the timer.
                }
            }

            if (stopping.IsCancellationRequested && ReleaseOnStop)
            {
                await ReleaseAsync(lease);
            }
        }
    }

    private async Task RunLeasedAsync(TimerLease lease, CancellationToken leased, CancellationToken stopping)
    {
        _unmonitored = new StoredScheduleStatus(null, null);
        while (true)
        {
            leased.ThrowIfCancellationRequested();
            TimerStep step;
            try
            {
                var stored = timer.UseMonitor ? await store.GetStatusAsync(timer.Name, leased) : _unmonitored;
                var now = time.GetUtcNow().UtcDateTime;
                step = TimerStep.Decide(timer, stored.Status, now, _runAtStartPending);
                if (step.Record is null)
                {
                    // Decide waits only when a status exists and its next occurrence is ahead.
                    _runAtStartPending = false;
                    await SleepAsync(stored.Status!.Next - now, leased);
                    continue;
                }

                if (!await TryRecordAsync(lease, step.Record, stored.ETag, leased))
                {
                    if (!await store.TryRenewLeaseAsync(lease, leased))
                    {
                        logger.LogWarning("Timer {TimerName} lost its lease on host {HostId} while recording", timer.Name, hostId);
                        return;
                    }

                    continue;
                }
            }
            catch (Exception ex) when (!leased.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Timer {TimerName} could not read or record its schedule status on host {HostId}", timer.Name, hostId);
                await SleepAsync(ErrorBackoff, leased);
                continue;
            }

            if (step.Invoke)
            {
                _runAtStartPending = false;
                await InvokeAsync(new TimerInfo(step.Record, step.IsPastDue), stopping);
            }
        }
    }

    private async Task<bool> TryRecordAsync(TimerLease lease, ScheduleStatus status, string? etag, CancellationToken cancellationToken)
    {
        if (timer.UseMonitor)
        {
            return await store.TryUpdateStatusAsync(lease, status, etag, cancellationToken);
        }

        _unmonitored = new StoredScheduleStatus(status, null);
        return true;
    }

    private async Task InvokeAsync(TimerInfo info, CancellationToken stopping)
    {
        var occurrence = info.ScheduleStatus.Last;
        logger.LogInformation(
            "Timer {TimerName} fires for {Occurrence:o} on host {HostId} (past due: {IsPastDue}); next {Next:o}",
            timer.Name, occurrence, hostId, info.IsPastDue, info.ScheduleStatus.Next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await timer.Callback(info, stopping);
            logger.LogInformation(
                "Timer {TimerName} completed for {Occurrence:o} in {ElapsedMs} ms",
                timer.Name, occurrence, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Timer {TimerName} was cancelled for {Occurrence:o} as host {HostId} stops", timer.Name, occurrence, hostId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Timer {TimerName} failed for {Occurrence:o} on host {HostId}; the schedule continues", timer.Name, occurrence, hostId);
        }
    }

    private async Task<TimerLease?> TryAcquireAsync(CancellationToken stopping)
    {
        try
        {
            return await store.TryAcquireLeaseAsync(timer.Name, hostId, leaseDuration, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Timer {TimerName} could not try to take its lease on host {HostId}", timer.Name, hostId);
            return null;
        }
    }

    private async Task ReleaseAsync(TimerLease lease)
    {
        try
        {
            await store.ReleaseLeaseAsync(lease, CancellationToken.None);
            logger.LogInformation("Timer {TimerName} released by host {HostId}", timer.Name, hostId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Timer {TimerName} could not release its lease on host {HostId}; it expires in {LeaseSeconds} s", timer.Name, hostId, lease.Duration.TotalSeconds);
        }
    }

    private async Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var clamped = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxSleep ? MaxSleep : delay;
        try
        {
            await Task.Delay(clamped, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's loop sees the cancellation.
        }
    }
}
