namespace K8sAiops.Durable.Timers;

/// <summary>What a timer callback is told about its invocation, as in Azure Functions.</summary>
/// <param name="ScheduleStatus">The status recorded for this invocation: <c>Last</c> is the occurrence being run, <c>Next</c> the one after it.</param>
/// <param name="IsPastDue">Whether this invocation makes up for an occurrence that was missed (no host ran it on time).</param>
public sealed record TimerInfo(ScheduleStatus ScheduleStatus, bool IsPastDue);
