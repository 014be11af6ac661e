using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class CadvisorMetricsTests
{
    private const string Path = "metrics/cadvisor";

    [Fact]
    public async Task Get_HealthyCluster_EveryRunningContainerWithKubeletLabelsAndSteadyDefaults()
    {
        var cluster = UsageCluster.Create();
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        var scrape = await UsageCluster.ScrapeAsync(server, Path);

        Assert.Equal(["container_memory_working_set_bytes", "container_cpu_usage_seconds_total", "container_cpu_cfs_periods_total", "container_cpu_cfs_throttled_periods_total"],
            scrape.FamilyOrder);
        Assert.Equal(["gauge", "counter", "counter", "counter"], scrape.FamilyOrder.Select(f => scrape.Type[f]));
        var running = cluster.Of("Pod")
            .Where(p => p["status"]?["phase"]?.ToString() == "Running")
            .SelectMany(p => (p["status"]!["containerStatuses"] as JsonArray ?? []).Where(c => c?["state"]?["running"] is not null)
                .Select(c => (Namespace: p["metadata"]!["namespace"]!.ToString(), Pod: p["metadata"]!["name"]!.ToString(), Container: c!["name"]!.ToString())))
            .Order()
            .ToList();
        var workingSets = scrape.Of("container_memory_working_set_bytes").ToList();
        Assert.Equal(running, workingSets.Select(s => (s["namespace"], s["pod"], s["container"])).Order());
        Assert.All(scrape.Samples, s => Assert.Equal(["namespace", "pod", "container", "image", "node"], s.Labels.Select(l => l.Key)));
        Assert.All(scrape.Samples, s => Assert.NotEmpty(s["image"]));

        var limited = cluster.LimitedDeployment();
        var pods = workingSets.Where(s => s["namespace"] == limited.Namespace && s["container"] == limited.Container && s["pod"].StartsWith(limited.Deployment + "-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pods);
        Assert.All(pods, s => Assert.InRange(s.Value / limited.MemoryLimit, 0.40, 0.60));

        var periods = scrape.Of("container_cpu_cfs_periods_total").ToList();
        Assert.NotEmpty(periods);
        Assert.True(periods.Count < workingSets.Count, "only containers with a CPU limit have CFS series");
        foreach (var p in periods)
        {
            var throttled = Assert.Single(scrape.Of("container_cpu_cfs_throttled_periods_total"), s => s.Has(("pod", p["pod"]), ("container", p["container"])));
            Assert.InRange(throttled.Value / p.Value, 0, 0.015);
        }

        // The same snapshot served again gives the same numbers.
        var (again, _) = await cluster.ServeAsync();
        await using var __ = again;
        Assert.Equal(await UsageCluster.ScrapeTextAsync(server, Path), await UsageCluster.ScrapeTextAsync(again, Path));
    }

    [Fact]
    public async Task Get_MemoryTrend_WorkingSetGrowsWithTheClockAndStopsAtTheLimit()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var trends = new MetricTrends();
        trends.Containers.Add(new ContainerTrend(limited.Namespace)
        {
            Workload = limited.Deployment, Container = limited.Container,
            MemoryBytes = 0.5 * limited.MemoryLimit, MemoryBytesPerHour = 0.1 * limited.MemoryLimit,
        });
        var (server, clock) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var start = WorkingSets(await UsageCluster.ScrapeAsync(server, Path), limited.Namespace, limited.Deployment);
        clock.Advance(TimeSpan.FromHours(2));
        var later = WorkingSets(await UsageCluster.ScrapeAsync(server, Path), limited.Namespace, limited.Deployment);
        clock.Advance(TimeSpan.FromHours(10));
        var full = WorkingSets(await UsageCluster.ScrapeAsync(server, Path), limited.Namespace, limited.Deployment);

        Assert.NotEmpty(start);
        Assert.All(start, v => Assert.Equal(0.5 * limited.MemoryLimit, v, 0));
        Assert.All(later, v => Assert.Equal(0.7 * limited.MemoryLimit, v, 0));
        Assert.All(full, v => Assert.Equal(limited.MemoryLimit, v, 0));
    }

    [Fact]
    public async Task Get_CpuTrend_UsageRateAndThrottledShareBetweenScrapes()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var trends = new MetricTrends();
        trends.Containers.Add(new ContainerTrend(limited.Namespace) { Workload = limited.Deployment, CpuCores = 0.2, ThrottledFraction = 0.6 });
        var (server, clock) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var before = await UsageCluster.ScrapeAsync(server, Path);
        clock.Advance(TimeSpan.FromSeconds(60));
        var after = await UsageCluster.ScrapeAsync(server, Path);

        var pod = before.Of("container_cpu_usage_seconds_total").First(s => s["namespace"] == limited.Namespace && s["container"] == limited.Container
            && s["pod"].StartsWith(limited.Deployment + "-", StringComparison.Ordinal))["pod"];
        double Increase(string family) =>
            Assert.Single(after.Of(family), s => s.Has(("pod", pod), ("container", limited.Container))).Value
            - Assert.Single(before.Of(family), s => s.Has(("pod", pod), ("container", limited.Container))).Value;
        Assert.Equal(0.2 * 60, Increase("container_cpu_usage_seconds_total"), 3);
        Assert.Equal(600, Increase("container_cpu_cfs_periods_total"), 0);
        Assert.InRange(Increase("container_cpu_cfs_throttled_periods_total") / Increase("container_cpu_cfs_periods_total"), 0.595, 0.605);
    }

    [Fact]
    public async Task Get_CpuTrendAboveTheLimit_UsageStopsAtTheLimit()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var trends = new MetricTrends();
        trends.Containers.Add(new ContainerTrend(limited.Namespace) { Workload = limited.Deployment, CpuCores = 100 });
        var (server, clock) = await cluster.ServeAsync(trends);
        await using var _ = server;

        var before = await UsageCluster.ScrapeAsync(server, Path);
        clock.Advance(TimeSpan.FromSeconds(10));
        var after = await UsageCluster.ScrapeAsync(server, Path);

        var series = after.Of("container_cpu_usage_seconds_total").Where(s => s["namespace"] == limited.Namespace && s["container"] == limited.Container
            && s["pod"].StartsWith(limited.Deployment + "-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(series);
        Assert.All(series, s => Assert.Equal(limited.CpuLimit * 10,
            s.Value - Assert.Single(before.Of("container_cpu_usage_seconds_total"), b => b.Has(("pod", s["pod"]), ("container", s["container"]))).Value, 3));
    }

    [Fact]
    public async Task Get_MemoryNeedAboveTheLimit_WorkingSetAtTheLimit()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var faults = new FaultModel();
        faults.MemoryNeeds.Add(new MemoryNeed("64Gi") { Namespace = limited.Namespace, Workload = limited.Deployment });
        var clock = new FakeTimeProvider(UsageCluster.Now);
        await using var server = await SandboxServer.StartAsync(cluster.Snapshot, new SandboxServerOptions { TimeProvider = clock, Faults = faults });

        var values = WorkingSets(await UsageCluster.ScrapeAsync(server, Path), limited.Namespace, limited.Deployment);

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Equal(limited.MemoryLimit, v));
    }

    [Fact]
    public async Task Get_MemoryNeedBelowTheLimit_WorkingSetIsTheNeed()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var needMi = Math.Floor(limited.MemoryLimit * 0.9 / (1024 * 1024));
        var faults = new FaultModel();
        faults.MemoryNeeds.Add(new MemoryNeed($"{needMi}Mi") { Namespace = limited.Namespace, Workload = limited.Deployment, Container = limited.Container });
        var clock = new FakeTimeProvider(UsageCluster.Now);
        await using var server = await SandboxServer.StartAsync(cluster.Snapshot, new SandboxServerOptions { TimeProvider = clock, Faults = faults });

        var values = WorkingSets(await UsageCluster.ScrapeAsync(server, Path), limited.Namespace, limited.Deployment);

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Equal(needMi * 1024 * 1024, v));
    }

    [Fact]
    public async Task Get_UnknownExporter_Answers404()
    {
        var (server, _) = await UsageCluster.Create().ServeAsync();
        await using var _ = server;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("metrics/probes");

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Get_NodeNotReady_NoKubeletCadvisorOrNodeExporterSeriesFromIt()
    {
        var cluster = FaultyCluster.Create("node-not-ready");
        var node = cluster.Faults["node-not-ready"].AlertLabels["node"];
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;

        foreach (var path in new[] { Path, "metrics/kubelet", "metrics/node-exporter" })
        {
            var scrape = await UsageCluster.ScrapeAsync(server, path);
            Assert.Contains(scrape.Samples, s => s["node"] != "");
            Assert.DoesNotContain(scrape.Samples, s => s["node"] == node);
        }
    }

    private static List<double> WorkingSets(Exposition scrape, string ns, string deployment) =>
        scrape.Of("container_memory_working_set_bytes")
            .Where(s => s["namespace"] == ns && s["pod"].StartsWith(deployment + "-", StringComparison.Ordinal))
            .Select(s => s.Value)
            .ToList();
}
