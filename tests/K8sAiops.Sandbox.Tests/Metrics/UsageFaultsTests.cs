using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Tests.Server;

namespace K8sAiops.Sandbox.Tests.Metrics;

public sealed class UsageFaultsTests
{
    [Fact]
    public async Task VolumeFilling_BoundClaim_ScrapedAt92PercentAndFilling()
    {
        var cluster = UsageCluster.Create();
        var (ns, claim, capacity, _) = cluster.MountedClaim();

        var trend = UsageFaults.VolumeFilling(cluster.Snapshot, ns, claim, fractionPerHour: 0.01);
        var (server, clock) = await cluster.ServeAsync();
        await using var _ = server;
        var start = await UsageCluster.ScrapeAsync(server, "metrics/kubelet");
        clock.Advance(TimeSpan.FromHours(5));
        var later = await UsageCluster.ScrapeAsync(server, "metrics/kubelet");

        Assert.Same(trend, cluster.Snapshot.MetricTrends.Volumes[0]);
        Assert.Equal(0.92, Used(start, ns, claim) / capacity, 6);
        Assert.Equal(0.97, Used(later, ns, claim) / capacity, 6);
    }

    [Fact]
    public async Task MemoryNearLimit_Deployment_EveryPodAt95PercentUntilAFixRaisesTheLimit()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();

        UsageFaults.MemoryNearLimit(cluster.Snapshot, limited.Namespace, limited.Deployment);
        var (server, clock) = await cluster.ServeAsync();
        await using var _ = server;
        var before = WorkingSets(await UsageCluster.ScrapeAsync(server, "metrics/cadvisor"), limited.Namespace, limited.Deployment);

        // The fix a person would make: twice the limit. The new pods use as much as before, so half as much of their limit.
        using var api = new ApiClient(server.BaseAddress);
        clock.Advance(TimeSpan.FromMinutes(1));
        var mi = limited.MemoryLimit * 2 / (1024 * 1024);
        var (status, body) = await api.PatchAsync($"/apis/apps/v1/namespaces/{limited.Namespace}/deployments/{limited.Deployment}", "application/strategic-merge-patch+json",
            Patch(limited.Container, $"{mi}Mi"));
        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
        var after = WorkingSets(await UsageCluster.ScrapeAsync(server, "metrics/cadvisor"), limited.Namespace, limited.Deployment);

        Assert.NotEmpty(before);
        Assert.All(before, s => Assert.Equal(0.95, s.Value / limited.MemoryLimit, 6));
        Assert.NotEmpty(after);
        Assert.DoesNotContain(after, s => before.Any(b => b["pod"] == s["pod"]));
        Assert.All(after, s => Assert.Equal(0.475, s.Value / (2 * limited.MemoryLimit), 6));
    }

    [Fact]
    public async Task CpuThrottled_Deployment_UsesItsLimitAndIsThrottledInSixtyPercentOfPeriods()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();

        UsageFaults.CpuThrottled(cluster.Snapshot, limited.Namespace, limited.Deployment);
        UsageFaults.MemoryNearLimit(cluster.Snapshot, limited.Namespace, limited.Deployment, limited.Container, 0.8);
        var (server, clock) = await cluster.ServeAsync();
        await using var _ = server;
        var before = await UsageCluster.ScrapeAsync(server, "metrics/cadvisor");
        clock.Advance(TimeSpan.FromMinutes(5));
        var after = await UsageCluster.ScrapeAsync(server, "metrics/cadvisor");

        var pods = WorkingSets(after, limited.Namespace, limited.Deployment);
        Assert.NotEmpty(pods);
        foreach (var pod in pods)
        {
            double Increase(string family) =>
                Assert.Single(after.Of(family), s => s.Has(("pod", pod["pod"]), ("container", limited.Container))).Value
                - Assert.Single(before.Of(family), s => s.Has(("pod", pod["pod"]), ("container", limited.Container))).Value;
            Assert.Equal(limited.CpuLimit * 300, Increase("container_cpu_usage_seconds_total"), 3);
            Assert.InRange(Increase("container_cpu_cfs_throttled_periods_total") / Increase("container_cpu_cfs_periods_total"), 0.599, 0.601);
            Assert.Equal(0.8, pod.Value / limited.MemoryLimit, 6);
        }
    }

    [Fact]
    public async Task NodeMemoryLowAndNodeDiskLow_Node_ScrapedAtTheirShares()
    {
        var cluster = UsageCluster.Create();

        UsageFaults.NodeMemoryLow(cluster.Snapshot, "worker-1", 0.04);
        UsageFaults.NodeDiskLow(cluster.Snapshot, "worker-1", 0.07);
        var (server, _) = await cluster.ServeAsync();
        await using var _ = server;
        var scrape = await UsageCluster.ScrapeAsync(server, "metrics/node-exporter");

        double Value(string family) => Assert.Single(scrape.Of(family), s => s["node"] == "worker-1").Value;
        Assert.Equal(0.04, Value("node_memory_MemAvailable_bytes") / Value("node_memory_MemTotal_bytes"), 6);
        Assert.Equal(0.07, Value("node_filesystem_avail_bytes") / Value("node_filesystem_size_bytes"), 6);
    }

    [Fact]
    public void Helpers_ObjectMissingOrWithoutALimit_ThrowWithTheObjectsName()
    {
        var cluster = UsageCluster.Create();
        var limited = cluster.LimitedDeployment();
        var proxy = cluster.Of("DaemonSet").First(d => d["metadata"]!["name"]!.ToString() == "kube-proxy");
        Assert.Null(proxy["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]?["limits"]?["cpu"]);

        Assert.Contains("shop/nothing", Assert.Throws<InvalidOperationException>(() => UsageFaults.VolumeFilling(cluster.Snapshot, "shop", "nothing")).Message, StringComparison.Ordinal);
        Assert.Contains("no container sidecar", Assert.Throws<InvalidOperationException>(() =>
            UsageFaults.MemoryNearLimit(cluster.Snapshot, limited.Namespace, limited.Deployment, "sidecar")).Message, StringComparison.Ordinal);
        Assert.Contains("no CPU limit", Assert.Throws<InvalidOperationException>(() => UsageFaults.CpuThrottled(cluster.Snapshot, "kube-system", "kube-proxy")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => UsageFaults.NodeDiskLow(cluster.Snapshot, "worker-1", 1.5));
        Assert.True(cluster.Snapshot.MetricTrends.IsEmpty);
    }

    private static string Patch(string container, string memoryLimit) => new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = container,
                        ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = memoryLimit } },
                    }),
                },
            },
        },
    }.ToJsonString();

    private static double Used(Exposition scrape, string ns, string claim) =>
        Assert.Single(scrape.Of("kubelet_volume_stats_used_bytes"), s => s.Has(("namespace", ns), ("persistentvolumeclaim", claim))).Value;

    private static List<Sample> WorkingSets(Exposition scrape, string ns, string deployment) =>
        scrape.Of("container_memory_working_set_bytes")
            .Where(s => s["namespace"] == ns && s["pod"].StartsWith(deployment + "-", StringComparison.Ordinal))
            .ToList();
}
