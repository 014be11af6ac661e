using System.Globalization;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>The catalogue's actions (<see cref="ActionKinds"/>) with the kubectl commands a person would run.</summary>
internal static class Actions
{
    private static string Resource(ResourceRef r) => $"{r.Kind.ToLowerInvariant()}/{r.Name}";

    public static ProposedAction Manual(ResourceRef target, string description) =>
        new() { Kind = ActionKinds.None, Target = target, Risk = "low", Description = description };

    public static ProposedAction Restart(ResourceRef workload) => new()
    {
        Kind = ActionKinds.RestartWorkload, Target = workload, Risk = "low",
        Description = $"Restart {RuleContext.Describe(workload)} so its pods start again with the fixed settings.",
        Commands = [$"kubectl -n {workload.Namespace} rollout restart {Resource(workload)}"],
    };

    public static ProposedAction Rollback(ResourceRef workload, string why) => new()
    {
        Kind = ActionKinds.Rollback, Target = workload, Risk = "medium",
        Description = $"Roll {RuleContext.Describe(workload)} back to its previous revision ({why}).",
        Commands = [$"kubectl -n {workload.Namespace} rollout history {Resource(workload)}", $"kubectl -n {workload.Namespace} rollout undo {Resource(workload)}"],
    };

    /// <summary>A rollback when the Deployment has an earlier revision, else a manual fix described by <paramref name="fix"/>.</summary>
    public static ProposedAction RollbackOrFix(RuleContext context, ResourceRef workload, string why, string fix) =>
        workload.Kind == "Deployment" && context.Revision(workload) > 1 ? Rollback(workload, why) : Manual(workload, fix);

    /// <summary>
    /// Raise the container's memory limit: to about 1.5 times the limit, or, when the process sets its own heap
    /// maximum (a JVM's <c>-Xmx</c>) above that, to the heap plus a quarter for what a JVM uses beside its heap.
    /// </summary>
    public static ProposedAction PatchMemory(ResourceRef workload, string container, string? limit, long? heapBytes = null)
    {
        var next = Raise(limit, heapBytes);
        var heap = heapBytes is { } h ? $" to fit its {Quantity((long)Math.Ceiling(h / 1048576.0))} heap maximum" : "";
        return new()
        {
            Kind = ActionKinds.PatchMemoryLimit, Target = workload, Risk = "medium",
            Description = $"Raise the memory limit of container {container} from {limit ?? "none"} to {next}{heap} (and check the process's own heap settings fit inside it).",
            Commands = [$"kubectl -n {workload.Namespace} set resources {Resource(workload)} -c {container} --limits=memory={next}"],
            Parameters = new() { [ActionParameters.Container] = container, [ActionParameters.Memory] = next },
        };
    }

    public static ProposedAction Scale(ResourceRef workload, long replicas) => new()
    {
        Kind = ActionKinds.Scale, Target = workload, Risk = "low",
        Description = $"Scale {RuleContext.Describe(workload)} back up to {replicas.ToString(CultureInfo.InvariantCulture)} replica(s).",
        Commands = [$"kubectl -n {workload.Namespace} scale {Resource(workload)} --replicas={replicas.ToString(CultureInfo.InvariantCulture)}"],
        Parameters = new() { [ActionParameters.Replicas] = replicas.ToString(CultureInfo.InvariantCulture) },
    };

    public static ProposedAction Cordon(ResourceRef node, string why) => new()
    {
        Kind = ActionKinds.CordonNode, Target = node, Risk = "medium",
        Description = $"Cordon node {node.Name} so no new pods land on it ({why}), then drain it once its workloads have room elsewhere.",
        Commands = [$"kubectl cordon {node.Name}", $"kubectl drain {node.Name} --ignore-daemonsets --delete-emptydir-data"],
    };

    /// <summary>
    /// About 1.5 times the limit (512Mi when there is none), or the heap maximum plus a quarter when that is more;
    /// rounded up to 64Mi.
    /// </summary>
    public static string Raise(string? limit, long? heapBytes = null)
    {
        var wanted = Mebibytes(limit) is { } current ? current * 1.5 : 512;
        if (heapBytes is { } heap)
            wanted = Math.Max(wanted, heap / 1048576.0 * 1.25);
        return Quantity((long)Math.Ceiling(wanted / 64) * 64);
    }

    private static string Quantity(long mebibytes) => mebibytes % 1024 == 0
        ? $"{(mebibytes / 1024).ToString(CultureInfo.InvariantCulture)}Gi"
        : $"{mebibytes.ToString(CultureInfo.InvariantCulture)}Mi";

    private static double? Mebibytes(string? quantity)
    {
        if (string.IsNullOrEmpty(quantity))
            return null;
        (string Suffix, double Factor)[] units = [("Ki", 1.0 / 1024), ("Mi", 1), ("Gi", 1024), ("Ti", 1024 * 1024), ("k", 1000.0 / 1048576), ("M", 1e6 / 1048576), ("G", 1e9 / 1048576)];
        foreach (var (suffix, factor) in units)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(quantity[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return n * factor;
        }
        return double.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) ? bytes / 1048576 : null;
    }
}
