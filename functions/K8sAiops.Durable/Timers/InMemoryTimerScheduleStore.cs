using System.Globalization;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// Timer leases and schedule status held in this process, for unit tests and one-shot CLI runs.
/// It behaves like the blob store: leases expire on the given clock, updates need the lease and the current ETag.
/// </summary>
public sealed class InMemoryTimerScheduleStore(TimeProvider? timeProvider = null) : ITimerScheduleStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task<TimerLease?> TryAcquireLeaseAsync(string timerName, string hostId, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = GetEntry(timerName);
            if (IsLeased(entry))
            {
                return Task.FromResult<TimerLease?>(null);
            }

            var lease = new TimerLease(timerName, hostId, Guid.NewGuid().ToString(), duration);
            entry.LeaseId = lease.LeaseId;
            entry.LeaseExpires = _time.GetUtcNow() + duration;
            return Task.FromResult<TimerLease?>(lease);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryRenewLeaseAsync(TimerLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = GetEntry(lease.TimerName);
            if (!Holds(entry, lease))
            {
                return Task.FromResult(false);
            }

            entry.LeaseExpires = _time.GetUtcNow() + lease.Duration;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(TimerLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = GetEntry(lease.TimerName);
            if (entry.LeaseId == lease.LeaseId)
            {
                entry.LeaseId = null;
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<StoredScheduleStatus> GetStatusAsync(string timerName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = GetEntry(timerName);
            return Task.FromResult(new StoredScheduleStatus(entry.Status, entry.ETag));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateStatusAsync(TimerLease lease, ScheduleStatus status, string? etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entry = GetEntry(lease.TimerName);
            if (!Holds(entry, lease) || entry.ETag != etag)
            {
                return Task.FromResult(false);
            }

            entry.Status = status;
            entry.ETag = (++entry.Version).ToString(CultureInfo.InvariantCulture);
            return Task.FromResult(true);
        }
    }

    private Entry GetEntry(string timerName)
    {
        if (!_entries.TryGetValue(timerName, out var entry))
        {
            entry = new Entry();
            _entries[timerName] = entry;
        }

        return entry;
    }

    private bool IsLeased(Entry entry) => entry.LeaseId is not null && entry.LeaseExpires > _time.GetUtcNow();

    private bool Holds(Entry entry, TimerLease lease) => IsLeased(entry) && entry.LeaseId == lease.LeaseId;

    private sealed class Entry
    {
        public string? LeaseId { get; set; }

        public DateTimeOffset LeaseExpires { get; set; }

        public ScheduleStatus? Status { get; set; }

        public string? ETag { get; set; }

        public long Version { get; set; }
    }
}
