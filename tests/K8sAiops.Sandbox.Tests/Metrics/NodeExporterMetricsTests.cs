using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class NodeExporterMetricsTests
{
    private const string Path = "metrics/node-exporter";

    [Fact]
    public async Task Get_HealthyCluster_MemoryAndRootFilesystemPerNodeLabelledWithItsName()
    {
        var cluster = UsageCluster.Create(nodes: 3);
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, Path);

        Assert.Equal(["node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", "node_filesystem_avail_bytes", "node_filesystem_size_bytes"], scrape.FamilyOrder);
        Assert.All(scrape.FamilyOrder, f => Assert.Equal("gauge", scrape.Type[f]));
        Assert.All(scrape.Samples, s => Assert.Equal(s["node"], s["instance"]));
        Assert.All(scrape.Of("node_filesystem_avail_bytes").Concat(scrape.Of("node_filesystem_size_bytes")), s => Assert.Equal("/", s["mountpoint"]));
        foreach (var node in cluster.Of("Node"))
        {
            var name = node["metadata"]!["name"]!.ToString();
            var memory = UsageCluster.Bytes(node["status"]!["capacity"]!["memory"]!.ToString());
            var disk = UsageCluster.Bytes(node["status"]!["capacity"]!["ephemeral-storage"]!.ToString());
            Assert.Equal(memory, Value(scrape, "node_memory_MemTotal_bytes", name));
            Assert.InRange(Value(scrape, "node_memory_MemAvailable_bytes", name) / memory, 0.45, 0.55);
            Assert.Equal(disk, Value(scrape, "node_filesystem_size_bytes", name));
            Assert.InRange(Value(scrape, "node_filesystem_avail_bytes", name) / disk, 0.55, 0.70);
        }
    }

    [Fact]
    public async Task Get_NodeTrend_AvailableMemoryAndDiskFallWithTheClockToZero()
    {
        var cluster = UsageCluster.Create();
        var trends = new MetricTrends();
        trends.Nodes.Add(new NodeTrend("worker-2") { MemoryAvailableBytes = 4e9, MemoryAvailableBytesPerHour = -1e9 });
        trends.Nodes.Add(new NodeTrend("worker-2") { DiskAvailableBytesPerHour = -2e9 });
        var (server, clock) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var start = await UsageCluster.ScrapeAsync(server, Path);
        clock.Advance(TimeSpan.FromHours(3));
        var later = await UsageCluster.ScrapeAsync(server, Path);
        clock.Advance(TimeSpan.FromDays(10));
        var exhausted = await UsageCluster.ScrapeAsync(server, Path);

        Assert.Equal(4e9, Value(start, "node_memory_MemAvailable_bytes", "worker-2"));
        Assert.Equal(1e9, Value(later, "node_memory_MemAvailable_bytes", "worker-2"));
        Assert.Equal(Value(start, "node_filesystem_avail_bytes", "worker-2") - 6e9, Value(later, "node_filesystem_avail_bytes", "worker-2"), 0);
        Assert.Equal(0, Value(exhausted, "node_memory_MemAvailable_bytes", "worker-2"));
        Assert.Equal(0, Value(exhausted, "node_filesystem_avail_bytes", "worker-2"));
        Assert.Equal(Value(start, "node_memory_MemAvailable_bytes", "worker-1"), Value(exhausted, "node_memory_MemAvailable_bytes", "worker-1"));
    }

    [Fact]
    public async Task Get_MemoryPressure_LittleMemoryAvailableOnThatNode()
    {
        var cluster = FaultyCluster.Create("node-pressure");
        var pressured = cluster.Snapshot.Objects
            .Where(o => o["kind"]?.ToString() == "Node")
            .Single(n => n["status"]!["conditions"]!.AsArray().Any(c => c!["type"]!.ToString() == "MemoryPressure" && c["status"]!.ToString() == "True"))
            ["metadata"]!["name"]!.ToString();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, Path);

        Assert.InRange(Value(scrape, "node_memory_MemAvailable_bytes", pressured) / Value(scrape, "node_memory_MemTotal_bytes", pressured), 0.02, 0.04);
    }

    private static double Value(Exposition scrape, string family, string node) => Assert.Single(scrape.Of(family), s => s["node"] == node).Value;
}
