using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// node-exporter's memory and root filesystem families for every node whose kubelet answers, labelled
/// <c>instance</c> = the node's name (as kube-prometheus relabels it) and <c>node</c>. Totals are the node's
/// <c>status.capacity</c> (<c>memory</c>, <c>ephemeral-storage</c>). Available memory: the first matching
/// <see cref="NodeTrend"/>, else 45–55 % (2–4 % under MemoryPressure); available disk: the trend, else 55–70 %
/// (3–6 % under DiskPressure).
/// </summary>
internal static class NodeExporterMetrics
{
    private static readonly (string Name, string Value)[] RootFilesystem = [("device", "/dev/nvme0n1p1"), ("fstype", "xfs"), ("mountpoint", "/")];

    public static void Write(ExpositionWriter w, UsageScrape scrape)
    {
        var nodes = scrape.State.List(ResourceKinds.Node).Where(n => scrape.IsReachable(n.Name)).ToList();
        var memory = nodes.Select(n => (Node: n, Total: Capacity(n, "memory"))).Where(n => n.Total is not null).ToList();
        var disk = nodes.Select(n => (Node: n, Size: Capacity(n, "ephemeral-storage"))).Where(n => n.Size is not null).ToList();

        var available = w.Gauge("node_memory_MemAvailable_bytes", "Memory information field MemAvailable_bytes.");
        foreach (var (node, total) in memory)
        {
            var usual = total!.Value * (Pressure(node, "MemoryPressure")
                ? StableHash.Between(node.Name + "|memory", 0.02, 0.04)
                : StableHash.Between(node.Name + "|memory", 0.45, 0.55));
            var trend = scrape.Trends.Nodes.FirstOrDefault(t => t.Node == node.Name && t.SetsMemory);
            var value = trend is null ? usual : scrape.Trend(trend.MemoryAvailableBytes ?? usual, trend.MemoryAvailableBytesPerHour, total.Value);
            available.Add(Math.Round(value), Labels(node));
        }

        var memTotal = w.Gauge("node_memory_MemTotal_bytes", "Memory information field MemTotal_bytes.");
        foreach (var (node, total) in memory)
        {
            memTotal.Add(total!.Value, Labels(node));
        }

        var free = w.Gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.");
        foreach (var (node, size) in disk)
        {
            var usual = size!.Value * (Pressure(node, "DiskPressure")
                ? StableHash.Between(node.Name + "|disk", 0.03, 0.06)
                : StableHash.Between(node.Name + "|disk", 0.55, 0.70));
            var trend = scrape.Trends.Nodes.FirstOrDefault(t => t.Node == node.Name && t.SetsDisk);
            var value = trend is null ? usual : scrape.Trend(trend.DiskAvailableBytes ?? usual, trend.DiskAvailableBytesPerHour, size.Value);
            free.Add(Math.Round(value), [.. Labels(node), .. RootFilesystem]);
        }

        var fsSize = w.Gauge("node_filesystem_size_bytes", "Filesystem size in bytes.");
        foreach (var (node, size) in disk)
        {
            fsSize.Add(size!.Value, [.. Labels(node), .. RootFilesystem]);
        }
    }

    private static double? Capacity(StoredObject node, string resource) =>
        Quantity.Parse(node.Json.ScalarAt("status", "capacity", resource)) is { } value ? Math.Ceiling(value) : null;

    private static bool Pressure(StoredObject node, string condition) =>
        node.Json.ItemsAt("status", "conditions").Any(c => c.StringAt("type") == condition && c.StringAt("status") == "True");

    private static (string, string)[] Labels(StoredObject node) => [("instance", node.Name), ("node", node.Name)];
}
