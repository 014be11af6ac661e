using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// Requests high usage for objects of a snapshot, for synthetic cluster builders and tests: a volume nearly full, a
/// container near its memory limit or throttled, a node short of memory or disk. Each helper reads the capacity or limit
/// from the snapshot, turns the share into bytes or cores, puts a trend at the front of
/// <see cref="ClusterSnapshot.MetricTrends"/> (so it counts before earlier entries for the same object) and returns it.
/// </summary>
/// <remarks>
/// The trends hold absolute amounts, so a fix that raises the limit or grows the volume lowers the share, as it would
/// on a real cluster.
/// </remarks>
public static class UsageFaults
{
    private static readonly string[] WorkloadKinds =
    [
        ResourceKinds.Deployment.Kind, ResourceKinds.StatefulSet.Kind, ResourceKinds.DaemonSet.Kind,
        ResourceKinds.CronJob.Kind, ResourceKinds.Job.Kind, ResourceKinds.Pod.Kind,
    ];

    /// <summary>The claim's volume at <paramref name="usedFraction"/> of its <c>status.capacity.storage</c>, growing by <paramref name="fractionPerHour"/> of it per hour.</summary>
    /// <exception cref="InvalidOperationException">The snapshot has no such claim, or it has no capacity (it is not bound).</exception>
    public static VolumeTrend VolumeFilling(ClusterSnapshot snapshot, string @namespace, string claim, double usedFraction = 0.92, double fractionPerHour = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Share(usedFraction, nameof(usedFraction));
        var pvc = Find(snapshot, ResourceKinds.PersistentVolumeClaim.Kind, @namespace, claim)
            ?? throw new InvalidOperationException($"The snapshot has no PersistentVolumeClaim {@namespace}/{claim}.");
        var capacity = Bytes(pvc["status"]?["capacity"]?["storage"])
            ?? throw new InvalidOperationException($"PersistentVolumeClaim {@namespace}/{claim} has no status.capacity.storage (is it bound?).");
        var trend = new VolumeTrend(@namespace, claim, Math.Round(capacity * usedFraction))
        {
            UsedBytesPerHour = Math.Round(capacity * fractionPerHour),
            Note = string.Create(CultureInfo.InvariantCulture, $"{usedFraction:P0} of {capacity:0} bytes used"),
        };
        snapshot.MetricTrends.Volumes.Insert(0, trend);
        return trend;
    }

    /// <summary>
    /// The workload's <paramref name="container"/> (its first container when null) at <paramref name="fractionOfLimit"/> of its memory
    /// limit, growing by <paramref name="fractionPerHour"/> of the limit per hour (the working set stops at the limit).
    /// </summary>
    /// <param name="snapshot">The snapshot to add the trend to.</param>
    /// <param name="namespace">The workload's namespace.</param>
    /// <param name="workload">A Deployment, StatefulSet, DaemonSet, CronJob, Job or Pod without owner (the pods' top-level owner).</param>
    /// <param name="container">The container's name; null for the first one.</param>
    /// <param name="fractionOfLimit">The working set as a share of the limit.</param>
    /// <param name="fractionPerHour">Growth per hour as a share of the limit.</param>
    /// <exception cref="InvalidOperationException">The snapshot has no such workload or container, or the container has no memory limit.</exception>
    public static ContainerTrend MemoryNearLimit(ClusterSnapshot snapshot, string @namespace, string workload, string? container = null,
        double fractionOfLimit = 0.95, double fractionPerHour = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Share(fractionOfLimit, nameof(fractionOfLimit));
        var (name, spec) = Container(snapshot, @namespace, workload, container);
        var limit = Bytes(spec["resources"]?["limits"]?["memory"])
            ?? throw new InvalidOperationException($"Container {name} of {@namespace}/{workload} has no memory limit.");
        var trend = new ContainerTrend(@namespace)
        {
            Workload = workload, Container = name,
            MemoryBytes = Math.Round(limit * fractionOfLimit), MemoryBytesPerHour = Math.Round(limit * fractionPerHour),
            Note = string.Create(CultureInfo.InvariantCulture, $"working set at {fractionOfLimit:P0} of its {limit:0}-byte memory limit"),
        };
        snapshot.MetricTrends.Containers.Insert(0, trend);
        return trend;
    }

    /// <summary>
    /// The workload's <paramref name="container"/> (its first when null) using its whole CPU limit and throttled in
    /// <paramref name="throttledFraction"/> of its CFS periods (CPUThrottlingHigh fires above 25 %).
    /// </summary>
    /// <exception cref="InvalidOperationException">The snapshot has no such workload or container, or the container has no CPU limit (nothing throttles it).</exception>
    public static ContainerTrend CpuThrottled(ClusterSnapshot snapshot, string @namespace, string workload, string? container = null, double throttledFraction = 0.6)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Share(throttledFraction, nameof(throttledFraction));
        var (name, spec) = Container(snapshot, @namespace, workload, container);
        var limit = Quantity.Parse(spec["resources"]?["limits"]?["cpu"]?.ToString())
            ?? throw new InvalidOperationException($"Container {name} of {@namespace}/{workload} has no CPU limit, so it is never throttled.");
        var trend = new ContainerTrend(@namespace)
        {
            Workload = workload, Container = name, CpuCores = limit, ThrottledFraction = throttledFraction,
            Note = string.Create(CultureInfo.InvariantCulture, $"uses its {limit} CPU limit, throttled in {throttledFraction:P0} of periods"),
        };
        snapshot.MetricTrends.Containers.Insert(0, trend);
        return trend;
    }

    /// <summary>The node with <paramref name="availableFraction"/> of its <c>status.capacity.memory</c> available, changing by <paramref name="fractionPerHour"/> of it per hour.</summary>
    /// <exception cref="InvalidOperationException">The snapshot has no such node, or it reports no memory capacity.</exception>
    public static NodeTrend NodeMemoryLow(ClusterSnapshot snapshot, string node, double availableFraction = 0.05, double fractionPerHour = 0)
    {
        var total = NodeCapacity(snapshot, node, "memory", nameof(availableFraction), availableFraction);
        var trend = new NodeTrend(node)
        {
            MemoryAvailableBytes = Math.Round(total * availableFraction), MemoryAvailableBytesPerHour = Math.Round(total * fractionPerHour),
            Note = string.Create(CultureInfo.InvariantCulture, $"{availableFraction:P0} of its memory available"),
        };
        snapshot.MetricTrends.Nodes.Insert(0, trend);
        return trend;
    }

    /// <summary>The node's root filesystem with <paramref name="availableFraction"/> of its <c>status.capacity.ephemeral-storage</c> free, changing by <paramref name="fractionPerHour"/> of it per hour.</summary>
    /// <exception cref="InvalidOperationException">The snapshot has no such node, or it reports no ephemeral-storage capacity.</exception>
    public static NodeTrend NodeDiskLow(ClusterSnapshot snapshot, string node, double availableFraction = 0.08, double fractionPerHour = 0)
    {
        var size = NodeCapacity(snapshot, node, "ephemeral-storage", nameof(availableFraction), availableFraction);
        var trend = new NodeTrend(node)
        {
            DiskAvailableBytes = Math.Round(size * availableFraction), DiskAvailableBytesPerHour = Math.Round(size * fractionPerHour),
            Note = string.Create(CultureInfo.InvariantCulture, $"{availableFraction:P0} of its root filesystem free"),
        };
        snapshot.MetricTrends.Nodes.Insert(0, trend);
        return trend;
    }

    private static double NodeCapacity(ClusterSnapshot snapshot, string node, string resource, string shareName, double share)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Share(share, shareName);
        var found = Find(snapshot, ResourceKinds.Node.Kind, null, node) ?? throw new InvalidOperationException($"The snapshot has no node {node}.");
        return Bytes(found["status"]?["capacity"]?[resource])
            ?? throw new InvalidOperationException($"Node {node} reports no status.capacity.{resource}.");
    }

    /// <summary>The named container (or the first) of the workload's pod template (or the pod's spec).</summary>
    private static (string Name, JsonNode Spec) Container(ClusterSnapshot snapshot, string ns, string workload, string? container)
    {
        var owner = WorkloadKinds.Select(kind => Find(snapshot, kind, ns, workload)).FirstOrDefault(o => o is not null)
            ?? throw new InvalidOperationException($"The snapshot has no Deployment, StatefulSet, DaemonSet, CronJob, Job or Pod {ns}/{workload}.");
        var podSpec = owner["kind"]?.ToString() switch
        {
            "Pod" => owner["spec"],
            "CronJob" => owner["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"],
            _ => owner["spec"]?["template"]?["spec"],
        };
        var containers = (podSpec?["containers"] as JsonArray)?.OfType<JsonNode>().ToList() ?? [];
        var spec = (container is null ? containers.FirstOrDefault() : containers.FirstOrDefault(c => c["name"]?.ToString() == container))
            ?? throw new InvalidOperationException($"{owner["kind"]} {ns}/{workload} has no container {container ?? "at all"}.");
        return (spec["name"]?.ToString() ?? "", spec);
    }

    private static JsonObject? Find(ClusterSnapshot snapshot, string kind, string? ns, string name) =>
        snapshot.Objects.FirstOrDefault(o => o["kind"]?.ToString() == kind && o["metadata"]?["name"]?.ToString() == name
            && (ns is null || o["metadata"]?["namespace"]?.ToString() == ns));

    private static double? Bytes(JsonNode? quantity) => Quantity.Parse(quantity?.ToString()) is { } value ? Math.Ceiling(value) : null;

    private static void Share(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "A share from 0 to 1.");
        }
    }
}
