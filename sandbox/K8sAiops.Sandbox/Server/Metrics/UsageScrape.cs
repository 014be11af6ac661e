using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// What one scrape of the usage series reads: the store's state, the fault model, the trends, and how long the server
/// has run (<see cref="Hours"/>, the x of every trend).
/// </summary>
internal sealed class UsageScrape(StoreState state, FaultEvaluator faults, MetricTrends trends, DateTimeOffset loadedAt, DateTimeOffset now)
{
    private HashSet<string>? readyNodes;
    private StoreTransaction? reader;

    public StoreState State { get; } = state;

    public FaultEvaluator Faults { get; } = faults;

    public MetricTrends Trends { get; } = trends;

    public DateTimeOffset Now { get; } = now;

    /// <summary>Hours since the server loaded its snapshot (0 before it, as with a clock set back).</summary>
    public double Hours { get; } = Math.Max(0, (now - loadedAt).TotalHours);

    /// <summary>
    /// Whether the node's kubelet answers: its Ready condition is True. A node that is not ready has no kubelet, cAdvisor
    /// or node-exporter series, as when Prometheus cannot reach it.
    /// </summary>
    public bool IsReachable(string? node)
    {
        readyNodes ??= State.List(ResourceKinds.Node)
            .Where(n => n.Json.ItemsAt("status", "conditions").Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True"))
            .Select(n => n.Name)
            .ToHashSet(StringComparer.Ordinal);
        return node is not null && readyNodes.Contains(node);
    }

    /// <summary>The pod's top-level owner, as fault entries and trends name workloads.</summary>
    public string Workload(StoredObject pod)
    {
        reader ??= new StoreTransaction(State, dryRun: true, Now);
        return Workloads.TopOwner(reader, pod.Json);
    }

    /// <summary>A trend's value at this scrape: <paramref name="start"/> plus <paramref name="perHour"/> × <see cref="Hours"/>, clamped to [0, <paramref name="max"/>].</summary>
    public double Trend(double start, double perHour, double max) => Math.Min(Math.Max(start + (perHour * Hours), 0), Math.Max(max, 0));
}
