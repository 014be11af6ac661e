using NCrontab;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// An NCRONTAB schedule read as wall-clock time in a time zone. Local times skipped by a
/// daylight-saving jump never fire; a local time that occurs twice fires at its earliest
/// instant after the time asked about, so a repeated hour is not skipped either.
/// </summary>
internal sealed class CronTimerSchedule(CrontabSchedule cron, TimeZoneInfo zone) : TimerSchedule
{
    // A whole day of per-second occurrences: more than any time-zone jump can swallow.
    private const int MaxCandidates = 90_000;
    private static readonly DateTime End = DateTime.MaxValue.AddDays(-2);

    public override DateTime GetNextOccurrence(DateTime utcAfter)
    {
        var utc = DateTime.SpecifyKind(utcAfter, DateTimeKind.Utc);
        if (zone.Equals(TimeZoneInfo.Utc))
        {
            var next = cron.GetNextOccurrence(utc, End);
            return next >= End ? DateTime.MaxValue : DateTime.SpecifyKind(next, DateTimeKind.Utc);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        for (var i = 0; i < MaxCandidates; i++)
        {
            local = cron.GetNextOccurrence(local, End);
            if (local >= End)
            {
                return DateTime.MaxValue;
            }

            if (FirstInstantAfter(local, utc) is { } candidate)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No occurrence found within {MaxCandidates} candidates after {utc:o} in time zone '{zone.Id}'.");
    }

    private DateTime? FirstInstantAfter(DateTime local, DateTime utcAfter)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        if (zone.IsAmbiguousTime(local))
        {
            var instants = zone.GetAmbiguousTimeOffsets(local)
                .Select(offset => DateTime.SpecifyKind(local - offset, DateTimeKind.Utc))
                .Where(instant => instant > utcAfter)
                .Order()
                .ToList();
            return instants.Count > 0 ? instants[0] : null;
        }

        var instant = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return instant > utcAfter ? instant : null;
    }
}
