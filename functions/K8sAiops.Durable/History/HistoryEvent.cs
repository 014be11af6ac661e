using System.Text.Json.Serialization;

namespace K8sAiops.Durable.History;

/// <summary>
/// One entry of an orchestration's event-sourced history, as in DurableTask.Core.History.
/// <see cref="EventId"/> is the scheduling sequence id for scheduling events and -1 otherwise.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "EventType")]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(OrchestratorCompleted), nameof(OrchestratorCompleted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(EventSent), nameof(EventSent))]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreated), nameof(SubOrchestrationInstanceCreated))]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompleted), nameof(SubOrchestrationInstanceCompleted))]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailed), nameof(SubOrchestrationInstanceFailed))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
public abstract record HistoryEvent
{
    public int EventId { get; init; } = -1;

    public DateTime Timestamp { get; init; }

    [JsonIgnore]
    public bool IsPlayed { get; set; }

    [JsonIgnore]
    public string EventType => GetType().Name;
}

/// <summary>The parent of a sub-orchestration; <paramref name="ScheduleId"/> is that of the parent's SubOrchestrationInstanceCreated.</summary>
public sealed record ParentInstanceInfo(string InstanceId, string ExecutionId, int TaskScheduledId, string Name, string? ScheduleId = null);

public sealed record ExecutionStarted : HistoryEvent
{
    public required string InstanceId { get; init; }
    public required string ExecutionId { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
    public string? Input { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public ParentInstanceInfo? ParentInstance { get; init; }
    public DateTime? ScheduledStartTime { get; init; }
    public int Generation { get; init; }

    /// <summary>Set when this execution continues a previous one with <c>ContinueAsNew</c>.</summary>
    public string? PreviousExecutionId { get; init; }

    /// <summary>
    /// Events that ContinueAsNew carried over (raised but not yet taken): applied right after this start, in order.
    /// Only the start message holds them; history stores them as the <see cref="EventRaised"/> events they become.
    /// </summary>
    public IReadOnlyList<EventRaised>? CarriedEvents { get; init; }

    /// <summary>
    /// Delivery ids of events the previous executions already took (ContinueAsNew): a re-delivered copy of one of
    /// them is dropped instead of being taken a second time by this execution. The most recent ones, bounded.
    /// </summary>
    public IReadOnlyList<string>? PriorDeliveryIds { get; init; }
}

public sealed record OrchestratorStarted : HistoryEvent;

public sealed record OrchestratorCompleted : HistoryEvent;

public sealed record TaskScheduled : HistoryEvent
{
    public required string Name { get; init; }
    public string? Version { get; init; }
    public string? Input { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The episode that scheduled this (unique per episode): its completion must carry the same id.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record TaskCompleted : HistoryEvent
{
    public int TaskScheduledId { get; init; }
    public string? Result { get; init; }

    /// <summary>The <c>ScheduleId</c> of the scheduling this answers; a completion of another scheduling with the same task id is dropped.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record TaskFailed : HistoryEvent
{
    public int TaskScheduledId { get; init; }
    public string? Reason { get; init; }
    public string? Details { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>The <c>ScheduleId</c> of the scheduling this answers; a completion of another scheduling with the same task id is dropped.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record TimerCreated : HistoryEvent
{
    public DateTime FireAt { get; init; }

    /// <summary>The episode that scheduled this (unique per episode): its completion must carry the same id.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record TimerFired : HistoryEvent
{
    public int TimerId { get; init; }
    public DateTime FireAt { get; init; }

    /// <summary>The <c>ScheduleId</c> of the scheduling this answers; a completion of another scheduling with the same task id is dropped.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record EventRaised : HistoryEvent
{
    public required string Name { get; init; }
    public string? Input { get; init; }

    /// <summary>
    /// Identifies this one raised event across re-deliveries and re-sends (a client's random id, or the sending
    /// orchestration's instance, execution and task id): a copy whose id is already in history is dropped.
    /// </summary>
    public string? DeliveryId { get; init; }
}

public sealed record EventSent : HistoryEvent
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public string? Input { get; init; }
}

public sealed record SubOrchestrationInstanceCreated : HistoryEvent
{
    public required string Name { get; init; }
    public string? Version { get; init; }
    public required string InstanceId { get; init; }
    public string? Input { get; init; }

    /// <summary>The episode that scheduled this (unique per episode): its completion must carry the same id.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record SubOrchestrationInstanceCompleted : HistoryEvent
{
    public int TaskScheduledId { get; init; }
    public string? Result { get; init; }

    /// <summary>The <c>ScheduleId</c> of the scheduling this answers; a completion of another scheduling with the same task id is dropped.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record SubOrchestrationInstanceFailed : HistoryEvent
{
    public int TaskScheduledId { get; init; }
    public string? Reason { get; init; }
    public string? Details { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>The <c>ScheduleId</c> of the scheduling this answers; a completion of another scheduling with the same task id is dropped.</summary>
    public string? ScheduleId { get; init; }
}

public sealed record ExecutionCompleted : HistoryEvent
{
    public OrchestrationRuntimeStatus OrchestrationStatus { get; init; }
    public string? Result { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }
}

public sealed record ExecutionTerminated : HistoryEvent
{
    public string? Input { get; init; }
}

public sealed record ExecutionSuspended : HistoryEvent
{
    public string? Reason { get; init; }
}

public sealed record ExecutionResumed : HistoryEvent
{
    public string? Reason { get; init; }
}
