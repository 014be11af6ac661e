using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// The kubelet's volume stats: one series per bound PersistentVolumeClaim and node where a running pod mounts it,
/// labelled namespace, persistentvolumeclaim and node. Capacity is the claim's <c>status.capacity.storage</c>; used
/// bytes follow the first matching <see cref="VolumeTrend"/>, else 25–35 % of the capacity, fixed per claim.
/// </summary>
internal static class KubeletMetrics
{
    public static void Write(ExpositionWriter w, UsageScrape scrape)
    {
        var volumes = Mounted(scrape).ToList();
        var capacity = w.Gauge("kubelet_volume_stats_capacity_bytes", "[ALPHA] Capacity in bytes of the volume");
        foreach (var v in volumes)
        {
            capacity.Add(v.Capacity, Labels(v));
        }

        var available = w.Gauge("kubelet_volume_stats_available_bytes", "[ALPHA] Number of available bytes in the volume");
        foreach (var v in volumes)
        {
            available.Add(v.Capacity - v.Used, Labels(v));
        }

        var used = w.Gauge("kubelet_volume_stats_used_bytes", "[ALPHA] Number of used bytes in the volume");
        foreach (var v in volumes)
        {
            used.Add(v.Used, Labels(v));
        }
    }

    private sealed record Volume(StoredObject Claim, string Node, double Capacity, double Used);

    private static IEnumerable<Volume> Mounted(UsageScrape scrape)
    {
        var mounts = scrape.State.List(ResourceKinds.Pod)
            .Where(p => p.Json.StringAt("status", "phase") == "Running" && scrape.IsReachable(p.Json.StringAt("spec", "nodeName")))
            .SelectMany(p => p.Json.ItemsAt("spec", "volumes")
                .Select(v => v.StringAt("persistentVolumeClaim", "claimName"))
                .OfType<string>()
                .Select(claim => (p.Namespace, Claim: claim, Node: p.Json.StringAt("spec", "nodeName")!)))
            .Distinct()
            .OrderBy(m => m.Namespace, StringComparer.Ordinal).ThenBy(m => m.Claim, StringComparer.Ordinal).ThenBy(m => m.Node, StringComparer.Ordinal);
        foreach (var (ns, name, node) in mounts)
        {
            if (scrape.State.Get(ResourceKinds.PersistentVolumeClaim, new ObjectKey(ns, name)) is not { } claim
                || claim.Json.StringAt("status", "phase") != "Bound"
                || Quantity.Parse(claim.Json.ScalarAt("status", "capacity", "storage")) is not { } size)
            {
                continue;
            }

            var bytes = Math.Ceiling(size);
            var trend = scrape.Trends.Volumes.FirstOrDefault(t => t.Namespace == ns && t.Claim == name);
            var used = trend is null
                ? Math.Round(bytes * StableHash.Between($"{ns}/{name}|used", 0.25, 0.35))
                : Math.Round(scrape.Trend(trend.UsedBytes, trend.UsedBytesPerHour, bytes));
            yield return new Volume(claim, node, bytes, used);
        }
    }

    private static (string, string)[] Labels(Volume v) =>
        [("namespace", v.Claim.Namespace), ("persistentvolumeclaim", v.Claim.Name), ("node", v.Node)];
}
