using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Replay;

/// <summary>What one episode produced: the history to append, the work to send, and the instance's new state.</summary>
internal sealed record ExecutionResult
{
    /// <summary>Events to append, in order: the applied new events, scheduling events, completion, OrchestratorCompleted.</summary>
    public required IReadOnlyList<HistoryEvent> NewHistory { get; init; }

    /// <summary>Actions first taken in this episode (their messages must be sent).</summary>
    public required IReadOnlyList<OrchestratorAction> NewActions { get; init; }

    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? Output { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public string? CustomStatus { get; init; }

    public required ExecutionStarted Started { get; init; }

    /// <summary>This episode's id, on everything it scheduled; completions must carry it back.</summary>
    public required string ScheduleId { get; init; }

    /// <summary>Set when the orchestrator called ContinueAsNew.</summary>
    public ContinueAsNewRequest? ContinueAsNew { get; init; }

    /// <summary>New events that were not applied (duplicates, completions of unknown tasks, events after completion).</summary>
    public required IReadOnlyList<HistoryEvent> DroppedEvents { get; init; }

    public bool IsFinished => Status.IsTerminal() || Status == OrchestrationRuntimeStatus.ContinuedAsNew;
}

/// <summary>What the next execution starts with: its input, the events carried over, the delivery ids already taken.</summary>
internal sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<EventRaised> CarriedEvents, IReadOnlyList<string> PriorDeliveryIds);
