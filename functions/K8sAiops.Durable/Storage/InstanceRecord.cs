namespace K8sAiops.Durable.Storage;

/// <summary>One row of the Instances table: what status queries read.</summary>
public sealed record InstanceRecord
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public string? Version { get; init; }
    public required string ExecutionId { get; init; }
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }
    public DateTime CreatedTime { get; init; }
    public DateTime LastUpdatedTime { get; init; }
    public DateTime? CompletedTime { get; init; }
    public DateTime? ScheduledStartTime { get; init; }
    public string? ParentInstanceId { get; init; }
    public int Generation { get; init; }

    /// <summary>The store's token for a conditional write of this row, as it was read (null when unknown).</summary>
    public object? ConcurrencyToken { get; init; }

    /// <summary>The history checkpoint this row reflects (see <see cref="AppendedHistory.Checkpoint"/>); 0 before any.</summary>
    public long Checkpoint { get; init; }
}

/// <summary>What a history append returns: the token guarding the next append, and the checkpoint it took.</summary>
public sealed record AppendedHistory(object Token, long Checkpoint);

/// <summary>Whether an instance-row write happened (false: a newer row was there), and the token for the next write.</summary>
public sealed record InstanceWrite(bool Written, object? Token);

/// <summary>A filter over instances; null members do not filter.</summary>
public sealed record InstanceQuery
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? RuntimeStatus { get; init; }
    public DateTime? CreatedTimeFrom { get; init; }
    public DateTime? CreatedTimeTo { get; init; }
    public string? InstanceIdPrefix { get; init; }
    public int PageSize { get; init; } = 100;
    public string? ContinuationToken { get; init; }
    public bool FetchInputsAndOutputs { get; init; }
}

public sealed record InstancePage(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken);

/// <summary>The current execution's history and the token that guards the next append to it.</summary>
/// <param name="Checkpoint">The number of the last append (0 for an instance with no history).</param>
public sealed record HistorySnapshot(string? ExecutionId, IReadOnlyList<History.HistoryEvent> Events, object? Token, long Checkpoint = 0)
{
    public static HistorySnapshot Empty { get; } = new(null, [], null);
}

public enum CreateInstanceResult
{
    Created,
    AlreadyExists,
}

/// <summary>Another host appended to this instance's history first: it owns the instance now.</summary>
public sealed class HistoryConflictException(string instanceId)
    : Exception($"The history of '{instanceId}' was changed by another host; this episode is abandoned.")
{
    public string InstanceId { get; } = instanceId;
}
