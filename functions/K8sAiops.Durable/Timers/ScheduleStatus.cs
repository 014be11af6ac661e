namespace K8sAiops.Durable.Timers;

/// <summary>
/// A timer's schedule status, as Azure Functions' TimerTrigger records it. All times are UTC.
/// </summary>
/// <param name="Last">The last occurrence that fired (for a run at start, the start time); <see cref="DateTime.MinValue"/> before the first.</param>
/// <param name="Next">The next occurrence due, which has not fired yet.</param>
/// <param name="LastUpdated">When this status was written.</param>
public sealed record ScheduleStatus(DateTime Last, DateTime Next, DateTime LastUpdated);
