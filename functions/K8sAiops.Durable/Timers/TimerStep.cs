namespace K8sAiops.Durable.Timers;

/// <summary>
/// What a timer does next, decided from its stored status and the time: record a new status
/// (and then maybe invoke the callback), or wait until the next occurrence.
/// </summary>
/// <param name="Record">The status to write before anything else; <see langword="null"/> to wait.</param>
/// <param name="Invoke">Whether the callback runs once <paramref name="Record"/> is written.</param>
/// <param name="IsPastDue">Whether that invocation makes up for a missed occurrence.</param>
internal readonly record struct TimerStep(ScheduleStatus? Record, bool Invoke, bool IsPastDue)
{
    /// <summary>
    /// How late an occurrence may run and still count as on time, when the occurrence after it
    /// has not come yet either. Timers normally fire within milliseconds of their occurrence.
    /// </summary>
    public static readonly TimeSpan OnTimeTolerance = TimeSpan.FromSeconds(5);

    public static TimerStep Wait { get; } = new(null, false, false);

    /// <summary>
    /// The rules: a timer without status starts its schedule now (running now too when a run at
    /// start is pending); a due occurrence runs once, past due if it is late, and the schedule
    /// resumes after now, so missed occurrences collapse into that one run; a pending run at start
    /// happens before waiting; a schedule that now fires earlier than the stored next occurrence
    /// (it was changed) is recorded.
    /// </summary>
    public static TimerStep Decide(TimerTriggerDefinition timer, ScheduleStatus? status, DateTime now, bool runAtStartPending)
    {
        if (status is null)
        {
            var first = timer.GetNextOccurrence(now);
            return runAtStartPending
                ? new TimerStep(new ScheduleStatus(now, first, now), Invoke: true, IsPastDue: false)
                : new TimerStep(new ScheduleStatus(DateTime.MinValue, first, now), Invoke: false, IsPastDue: false);
        }

        if (status.Next <= now)
        {
            var occurrence = status.Next;
            var pastDue = timer.GetNextOccurrence(occurrence) <= now || now - occurrence > OnTimeTolerance;
            return new TimerStep(new ScheduleStatus(occurrence, timer.GetNextOccurrence(now), now), Invoke: true, pastDue);
        }

        if (runAtStartPending)
        {
            return new TimerStep(status with { Last = now, LastUpdated = now }, Invoke: true, IsPastDue: false);
        }

        var next = timer.GetNextOccurrence(now);
        return next < status.Next
            ? new TimerStep(status with { Next = next, LastUpdated = now }, Invoke: false, IsPastDue: false)
            : Wait;
    }
}
