namespace K8sAiops.Durable.Timers;

/// <summary>A schedule that fires a fixed interval after the time it is asked about.</summary>
internal sealed class ConstantTimerSchedule(TimeSpan interval) : TimerSchedule
{
    public override DateTime GetNextOccurrence(DateTime utcAfter)
        => DateTime.MaxValue - utcAfter <= interval
            ? DateTime.MaxValue
            : DateTime.SpecifyKind(utcAfter + interval, DateTimeKind.Utc);
}
