namespace K8sAiops.Durable.Timers;

/// <summary>
/// Where timers keep their schedule status and the per-timer lease that makes one host fire each
/// occurrence. Every host sharing a store (and a task hub) shares both.
/// </summary>
public interface ITimerScheduleStore
{
    /// <summary>Takes the timer's lease for <paramref name="duration"/>, or returns <see langword="null"/> when another host holds it.</summary>
    Task<TimerLease?> TryAcquireLeaseAsync(string timerName, string hostId, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lease by its duration; <see langword="false"/> when it was lost (expired and taken, or released).</summary>
    Task<bool> TryRenewLeaseAsync(TimerLease lease, CancellationToken cancellationToken);

    /// <summary>Gives the lease up so another host can take the timer at once; a lease already lost is ignored.</summary>
    Task ReleaseLeaseAsync(TimerLease lease, CancellationToken cancellationToken);

    /// <summary>Reads the timer's schedule status and its ETag.</summary>
    Task<StoredScheduleStatus> GetStatusAsync(string timerName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the timer's schedule status if <paramref name="lease"/> is still held and the stored
    /// version is still <paramref name="etag"/> (<see langword="null"/>: nothing stored yet);
    /// returns <see langword="false"/>, writing nothing, otherwise.
    /// </summary>
    Task<bool> TryUpdateStatusAsync(TimerLease lease, ScheduleStatus status, string? etag, CancellationToken cancellationToken);
}
