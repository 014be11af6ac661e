using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Remediate;

/// <summary>Input of <see cref="PlanRemediation"/>: the action a diagnosis proposed, for one orchestration instance.</summary>
/// <param name="Context">The kubeconfig context of the cluster; null for the configured one.</param>
/// <param name="PlannedAt">The orchestration's time: values derived from it (a restart's <c>restartedAt</c>) are the same on every retry.</param>
public sealed record PlanRemediationRequest(string InstanceId, ProposedAction Action, string? Context, DateTimeOffset PlannedAt);

/// <summary>
/// What applying an action would change, checked against policy, breaker and lock, and tried as a server-side dry
/// run. <see cref="ApplyRemediation"/> sends exactly <see cref="Patch"/>, so what a person approves is what is written.
/// </summary>
public sealed record RemediationPlan
{
    public required ProposedAction Action { get; init; }

    public required ResourceRef Target { get; init; }

    /// <summary>The kubeconfig context; null for the configured one.</summary>
    public string? Context { get; init; }

    /// <summary>False when policy, the breaker, the lock or the cluster refuse the action (<see cref="Refusal"/> says why).</summary>
    public required bool Allowed { get; init; }

    public string? Refusal { get; init; }

    /// <summary>True unless the action's risk is one of <c>Remediation:AutoApproveRisks</c>.</summary>
    public bool NeedsApproval { get; init; } = true;

    /// <summary>SHA-256 (hex) over kind, target, patch type, patch and live resourceVersion: what an approval binds to.</summary>
    public string Digest { get; init; } = "";

    /// <summary>The patch's content type (<c>application/strategic-merge-patch+json</c>), or <c>delete</c> for delete-pod.</summary>
    public string? PatchType { get; init; }

    /// <summary>The JSON patch body (for delete-pod, the delete options with their preconditions).</summary>
    public string? Patch { get; init; }

    /// <summary>The target's <c>metadata.resourceVersion</c> when planned: the write's precondition.</summary>
    public string? LiveResourceVersion { get; init; }

    public string? LiveUid { get; init; }

    /// <summary>For delete-pod, the pod's controller (ReplicaSet or StatefulSet) at plan time, whose replacement verification waits for.</summary>
    public ResourceRef? Owner { get; init; }

    /// <summary>Unified diff of the live object and the dry run's result, both as YAML without server-managed noise.</summary>
    public string Diff { get; init; } = "";

    public required string Risk { get; init; }

    /// <summary>One line for a person, e.g. "raise the memory limit of container app in Deployment shop/cart from 512Mi to 768Mi".</summary>
    public required string Summary { get; init; }

    public required DateTimeOffset PlannedAt { get; init; }
}
