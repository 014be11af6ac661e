using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Tests.Snapshots;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class MetricTrendsTests
{
    [Fact]
    public void WriteDirectoryThenRead_SnapshotWithTrends_SameTrendsBack()
    {
        var cluster = UsageCluster.Create();
        var (ns, claim, _, _) = cluster.MountedClaim();
        var limited = cluster.LimitedDeployment();
        UsageFaults.VolumeFilling(cluster.Snapshot, ns, claim, 0.9, 0.02);
        UsageFaults.CpuThrottled(cluster.Snapshot, limited.Namespace, limited.Deployment);
        cluster.Snapshot.MetricTrends.Containers.Add(new ContainerTrend("shop") { Pod = "api-0", MemoryBytesPerHour = 1048576 });
        UsageFaults.NodeDiskLow(cluster.Snapshot, "worker-2", 0.1, -0.01);
        using var directory = new TempDirectory();

        SnapshotWriter.WriteDirectory(cluster.Snapshot, directory.Path);
        var read = SnapshotReader.Read(directory.Path);

        Assert.True(File.Exists(Path.Combine(directory.Path, MetricTrends.FileName)));
        Assert.Equal(cluster.Snapshot.MetricTrends.Volumes, read.MetricTrends.Volumes);
        Assert.Equal(cluster.Snapshot.MetricTrends.Containers, read.MetricTrends.Containers);
        Assert.Equal(cluster.Snapshot.MetricTrends.Nodes, read.MetricTrends.Nodes);

        read.MetricTrends.Volumes.Clear();
        read.MetricTrends.Containers.Clear();
        read.MetricTrends.Nodes.Clear();
        SnapshotWriter.WriteDirectory(read, directory.Path);
        Assert.False(File.Exists(Path.Combine(directory.Path, MetricTrends.FileName)));
    }

    [Theory]
    [InlineData("""{"volumes":[{"namespace":"shop","claim":"data","usedBytes":1,"usedBytesPerDay":2}]}""", "usedBytesPerDay")]
    [InlineData("""{"volumes":[{"namespace":"shop","usedBytes":1}]}""", "claim")]
    [InlineData("""{"containers":[{"namespace":"shop","throttledFraction":2}]}""", "ThrottledFraction must be between 0 and 1")]
    [InlineData("""{"nodes":[{"node":"worker-1","diskAvailableBytes":-5}]}""", "DiskAvailableBytes")]
    public void ReadDirectory_BadTrendsFile_SnapshotFormatExceptionNamingIt(string json, string expected)
    {
        using var directory = new TempDirectory();
        SnapshotWriter.WriteDirectory(UsageCluster.Create(nodes: 1).Snapshot, directory.Path);
        directory.File(MetricTrends.FileName, json);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(directory.Path));

        Assert.EndsWith(MetricTrends.FileName, e.File, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public async Task StartAsync_ThrottledFractionAboveOne_ArgumentExceptionNamingTheEntry()
    {
        var trends = new MetricTrends();
        trends.Containers.Add(new ContainerTrend("shop") { Workload = "api", ThrottledFraction = 1.5 });

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            SandboxServer.StartAsync(UsageCluster.Create(nodes: 1).Snapshot, new SandboxServerOptions { MetricTrends = trends }));

        Assert.Contains("Containers[0] (shop/api/*): ThrottledFraction must be between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OptionsAndSnapshotTrendForOneClaim_TheOptionsOneCounts()
    {
        var cluster = UsageCluster.Create();
        var (ns, claim, capacity, _) = cluster.MountedClaim();
        UsageFaults.VolumeFilling(cluster.Snapshot, ns, claim, 0.92);
        var trends = new MetricTrends();
        trends.Volumes.Add(new VolumeTrend(ns, claim, 0.1 * capacity));
        var (server, _) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, "metrics/kubelet");

        Assert.Equal(Math.Round(0.1 * capacity), Assert.Single(scrape.Of("kubelet_volume_stats_used_bytes"), s => s.Has(("namespace", ns), ("persistentvolumeclaim", claim))).Value);
    }
}
