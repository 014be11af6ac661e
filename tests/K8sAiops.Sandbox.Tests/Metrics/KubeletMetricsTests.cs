using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class KubeletMetricsTests
{
    private const string Path = "metrics/kubelet";

    [Fact]
    public async Task Get_HealthyCluster_OneSeriesPerMountedBoundClaimAboutAThirdFull()
    {
        var cluster = UsageCluster.Create();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, Path);

        Assert.Equal(["kubelet_volume_stats_capacity_bytes", "kubelet_volume_stats_available_bytes", "kubelet_volume_stats_used_bytes"], scrape.FamilyOrder);
        Assert.All(scrape.FamilyOrder, f => Assert.Equal("gauge", scrape.Type[f]));
        Assert.All(scrape.Samples, s => Assert.Equal(["namespace", "persistentvolumeclaim", "node"], s.Labels.Select(l => l.Key)));
        var claims = cluster.Of("PersistentVolumeClaim").Where(c => c["status"]?["phase"]?.ToString() == "Bound").ToList();
        var capacities = scrape.Of("kubelet_volume_stats_capacity_bytes").ToList();
        Assert.NotEmpty(capacities);
        Assert.Equal(capacities.Count, capacities.Select(s => (s["namespace"], s["persistentvolumeclaim"])).Distinct().Count());
        foreach (var capacity in capacities)
        {
            var claim = Assert.Single(claims, c => c["metadata"]!["namespace"]!.ToString() == capacity["namespace"] && c["metadata"]!["name"]!.ToString() == capacity["persistentvolumeclaim"]);
            Assert.Equal(UsageCluster.Bytes(claim["status"]!["capacity"]!["storage"]!.ToString()), capacity.Value);
            var used = Value(scrape, "kubelet_volume_stats_used_bytes", capacity);
            Assert.InRange(used / capacity.Value, 0.25, 0.35);
            Assert.Equal(capacity.Value, used + Value(scrape, "kubelet_volume_stats_available_bytes", capacity));
        }

        var mounted = cluster.MountedClaim();
        Assert.Contains(capacities, s => s.Has(("namespace", mounted.Namespace), ("persistentvolumeclaim", mounted.Claim), ("node", mounted.Node)));
    }

    [Fact]
    public async Task Get_VolumeTrend_UsedBytesFollowTheClockUpToTheCapacity()
    {
        var cluster = UsageCluster.Create();
        var (ns, claim, capacity, _) = cluster.MountedClaim();
        var trends = new MetricTrends();
        trends.Volumes.Add(new VolumeTrend(ns, claim, 0.5 * capacity) { UsedBytesPerHour = 0.05 * capacity });
        var (server, clock) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var start = Used(await UsageCluster.ScrapeAsync(server, Path), ns, claim);
        clock.Advance(TimeSpan.FromHours(3));
        var later = await UsageCluster.ScrapeAsync(server, Path);
        clock.Advance(TimeSpan.FromDays(4));
        var full = await UsageCluster.ScrapeAsync(server, Path);

        Assert.Equal(Math.Round(0.5 * capacity), start.Used);
        Assert.Equal(Math.Round(0.65 * capacity), Used(later, ns, claim).Used);
        Assert.Equal(capacity - Math.Round(0.65 * capacity), Used(later, ns, claim).Available);
        Assert.Equal((capacity, 0d), Used(full, ns, claim));
    }

    [Fact]
    public async Task Get_PendingClaim_NoSeries()
    {
        var cluster = FaultyCluster.Create("pvc-pending");
        var pending = cluster.Snapshot.Objects
            .Where(o => o["kind"]?.ToString() == "PersistentVolumeClaim" && o["status"]?["phase"]?.ToString() == "Pending")
            .Select(o => o["metadata"]!["name"]!.ToString())
            .ToList();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, Path);

        Assert.NotEmpty(pending);
        Assert.DoesNotContain(scrape.Samples, s => pending.Contains(s["persistentvolumeclaim"]));
        Assert.NotEmpty(scrape.Samples);
    }

    private static double Value(Exposition scrape, string family, Sample like) =>
        Assert.Single(scrape.Of(family), s => s.Has(("namespace", like["namespace"]), ("persistentvolumeclaim", like["persistentvolumeclaim"]), ("node", like["node"]))).Value;

    private static (double Used, double Available) Used(Exposition scrape, string ns, string claim) =>
        (Assert.Single(scrape.Of("kubelet_volume_stats_used_bytes"), s => s.Has(("namespace", ns), ("persistentvolumeclaim", claim))).Value,
         Assert.Single(scrape.Of("kubelet_volume_stats_available_bytes"), s => s.Has(("namespace", ns), ("persistentvolumeclaim", claim))).Value);
}
