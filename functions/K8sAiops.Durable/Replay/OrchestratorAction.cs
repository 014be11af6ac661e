using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Replay;

/// <summary>
/// Something the orchestrator asked for in this episode, identified by its sequence id. On replay it must
/// meet the history event that recorded it; otherwise it is new and becomes that event plus a message.
/// </summary>
internal abstract record OrchestratorAction(int Id)
{
    /// <summary>The history event that records this action, stamped with the scheduling episode's id.</summary>
    public abstract HistoryEvent ToHistoryEvent(DateTime timestamp, string scheduleId);

    /// <summary>A short description for non-determinism messages, e.g. "activity 'Collect'".</summary>
    public abstract string Describe();
}

internal sealed record ScheduleTaskAction(int Id, string Name, string? Input) : OrchestratorAction(Id)
{
    public override HistoryEvent ToHistoryEvent(DateTime timestamp, string scheduleId)
        => new TaskScheduled { EventId = Id, Name = Name, Input = Input, ScheduleId = scheduleId, Timestamp = timestamp };

    public override string Describe() => $"activity '{Name}'";
}

internal sealed record CreateTimerAction(int Id, DateTime FireAt) : OrchestratorAction(Id)
{
    public override HistoryEvent ToHistoryEvent(DateTime timestamp, string scheduleId)
        => new TimerCreated { EventId = Id, FireAt = FireAt, ScheduleId = scheduleId, Timestamp = timestamp };

    public override string Describe() => $"timer firing at {FireAt:o}";
}

internal sealed record CreateSubOrchestrationAction(int Id, string Name, string InstanceId, string? Input) : OrchestratorAction(Id)
{
    public override HistoryEvent ToHistoryEvent(DateTime timestamp, string scheduleId)
        => new SubOrchestrationInstanceCreated { EventId = Id, Name = Name, InstanceId = InstanceId, Input = Input, ScheduleId = scheduleId, Timestamp = timestamp };

    public override string Describe() => $"sub-orchestration '{Name}'";
}

internal sealed record SendEventAction(int Id, string InstanceId, string EventName, string? Input) : OrchestratorAction(Id)
{
    public override HistoryEvent ToHistoryEvent(DateTime timestamp, string scheduleId)
        => new EventSent { EventId = Id, InstanceId = InstanceId, Name = EventName, Input = Input, Timestamp = timestamp };

    public override string Describe() => $"event '{EventName}' to '{InstanceId}'";
}

internal static class HistoryEventDescriptions
{
    /// <summary>Describes a scheduling event the way <see cref="OrchestratorAction.Describe"/> describes actions.</summary>
    public static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduled t => $"activity '{t.Name}'",
        TimerCreated t => $"timer firing at {t.FireAt:o}",
        SubOrchestrationInstanceCreated s => $"sub-orchestration '{s.Name}'",
        EventSent s => $"event '{s.Name}' to '{s.InstanceId}'",
        _ => e.EventType,
    };

    /// <summary>The scheduling episode's id recorded on a scheduling event, if any.</summary>
    public static string? ScheduleIdOf(HistoryEvent e) => e switch
    {
        TaskScheduled t => t.ScheduleId,
        TimerCreated t => t.ScheduleId,
        SubOrchestrationInstanceCreated s => s.ScheduleId,
        _ => null,
    };

    public static string? NameOf(HistoryEvent e) => e switch
    {
        TaskScheduled t => t.Name,
        SubOrchestrationInstanceCreated s => s.Name,
        EventSent s => s.Name,
        _ => null,
    };

    public static string? NameOf(OrchestratorAction a) => a switch
    {
        ScheduleTaskAction t => t.Name,
        CreateSubOrchestrationAction s => s.Name,
        SendEventAction s => s.EventName,
        _ => null,
    };
}
