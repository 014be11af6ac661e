namespace K8sAiops.Durable;

/// <summary>Options for scheduling an activity or sub-orchestration.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Options for a sub-orchestration with an explicit instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(Retry) { InstanceId = instanceId };
}

public sealed record SubOrchestrationOptions(RetryPolicy? Retry = null) : TaskOptions(Retry)
{
    public string? InstanceId { get; init; }
}

/// <summary>Options for <see cref="Client.DurableTaskClient.ScheduleNewOrchestrationInstanceAsync"/>.</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    /// <summary>Statuses of an existing instance with the same id that may be replaced. Default: terminal ones.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? DedupeStatuses { get; init; }
}
