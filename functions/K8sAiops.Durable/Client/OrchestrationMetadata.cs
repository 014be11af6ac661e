namespace K8sAiops.Durable.Client;

/// <summary>An orchestration instance's state as clients see it (durabletask-dotnet's OrchestrationMetadata).</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? SerializedInput { get; init; }
    public string? SerializedOutput { get; init; }
    public string? SerializedCustomStatus { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }
    public string? ExecutionId { get; init; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending
        or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => DataConverter.Deserialize<T>(SerializedInput);

    public T? ReadOutputAs<T>() => DataConverter.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => DataConverter.Deserialize<T>(SerializedCustomStatus);
}

public sealed record PurgeResult(int PurgedInstanceCount);

/// <summary>Which instances to purge; only finished ones are ever purged.</summary>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>A query over instances (durabletask-dotnet's OrchestrationQuery).</summary>
public sealed record OrchestrationQuery
{
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }
    public string? InstanceIdPrefix { get; init; }
    public int PageSize { get; init; } = 100;
    public string? ContinuationToken { get; init; }
    public bool FetchInputsAndOutputs { get; init; }
}

public sealed record OrchestrationPage(IReadOnlyList<OrchestrationMetadata> Values, string? ContinuationToken);

/// <summary>The instance is not there.</summary>
public sealed class OrchestrationNotFoundException(string instanceId)
    : Exception($"No orchestration instance with id '{instanceId}' exists.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The instance finished and cannot take this request (Durable Functions answers 410 Gone).</summary>
public sealed class OrchestrationFinishedException(string instanceId, OrchestrationRuntimeStatus status)
    : Exception($"Orchestration instance '{instanceId}' is {status} and accepts no more events.")
{
    public string InstanceId { get; } = instanceId;

    public OrchestrationRuntimeStatus Status { get; } = status;
}

/// <summary>An instance with this id exists and is not in a status that may be replaced.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
    : Exception($"An orchestration instance with id '{instanceId}' already exists and is {status}.")
{
    public string InstanceId { get; } = instanceId;

    public OrchestrationRuntimeStatus Status { get; } = status;
}
