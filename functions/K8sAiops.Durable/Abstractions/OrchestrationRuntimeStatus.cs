using System.Text.Json.Serialization;

namespace K8sAiops.Durable;

/// <summary>Runtime status of an orchestration instance, with Durable Task's names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrchestrationRuntimeStatus>))]
public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Canceled,
    Terminated,
    Pending,
    Suspended,
}

public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for statuses after which the instance never runs again (unless re-created).</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
