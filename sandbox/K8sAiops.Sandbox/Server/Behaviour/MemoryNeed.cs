namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// A container that needs <paramref name="Memory"/>: started with a smaller <c>resources.limits.memory</c> it is
/// OOM-killed (exit code 137) and backs off in CrashLoopBackOff; with that limit or more, or with no limit, it runs.
/// The scope properties left null match any container.
/// </summary>
/// <param name="Memory">A Kubernetes quantity, e.g. <c>700Mi</c> or <c>1.2Gi</c>.</param>
public sealed record MemoryNeed(string Memory)
{
    /// <summary>The pod's namespace; null for any.</summary>
    public string? Namespace { get; init; }

    /// <summary>The name of the pod's top-level owner (Deployment, StatefulSet, DaemonSet, CronJob…, else the pod's own name); null for any.</summary>
    public string? Workload { get; init; }

    /// <summary>The container's name; null for any.</summary>
    public string? Container { get; init; }

    /// <summary>The container's image; null for any.</summary>
    public string? Image { get; init; }

    /// <summary>Where the entry comes from, for people reading the fault file.</summary>
    public string? Note { get; init; }
}
