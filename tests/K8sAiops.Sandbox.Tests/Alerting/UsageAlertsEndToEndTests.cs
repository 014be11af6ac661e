using System.Diagnostics;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Tests.Metrics;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Sandbox.Tests.Alerting;

/// <summary>
/// The usage faults through a real Prometheus 2.42 with the kubernetes-mixin rules (shortened): the scrape jobs of
/// <see cref="SandboxScrapeJobs"/> give the kubelet series the labels the rules select, a nearly full volume fires the
/// critical KubePersistentVolumeFillingUp, a filling one the predictive warning, and CPUThrottlingHigh's expression picks
/// out the throttled container.
/// </summary>
public sealed class UsageAlertsEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UsageFaults_ScrapedAndEvaluated_VolumeAlertsFireAndThrottlingShows()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var watch = Stopwatch.StartNew();
        var cluster = UsageCluster.Create();
        var claims = cluster.Of("PersistentVolumeClaim").Where(c => c["status"]?["phase"]?.ToString() == "Bound")
            .Select(c => (Namespace: c["metadata"]!["namespace"]!.ToString(), Name: c["metadata"]!["name"]!.ToString()))
            .Take(2)
            .ToList();
        Assert.Equal(2, claims.Count);
        UsageFaults.VolumeFilling(cluster.Snapshot, claims[0].Namespace, claims[0].Name, usedFraction: 0.985);
        UsageFaults.VolumeFilling(cluster.Snapshot, claims[1].Namespace, claims[1].Name, usedFraction: 0.90, fractionPerHour: 0.05);
        var limited = cluster.LimitedDeployment();
        UsageFaults.CpuThrottled(cluster.Snapshot, limited.Namespace, limited.Deployment);
        UsageFaults.NodeMemoryLow(cluster.Snapshot, "worker-1");

        await using var sandbox = await SandboxServer.StartAsync(cluster.Snapshot, new SandboxServerOptions { TimeProvider = TimeProvider.System }, timeout.Token);
        var rules = Directory.CreateTempSubdirectory("k8saiops-mixin-rules-");
        try
        {
            await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
            {
                ScrapeTargets = SandboxScrapeJobs.For(sandbox.BaseAddress),
                RuleFiles = [MixinRules.WriteShortened(rules.FullName)],
            }, timeout.Token);
            using var api = new PrometheusQueries(prometheus.BaseAddress);
            output.WriteLine($"sandbox and Prometheus up after {watch.Elapsed.TotalSeconds:0.0} s");

            var (critical, warning) = await WaitForVolumeAlertsAsync(api, claims, timeout.Token);
            output.WriteLine($"KubePersistentVolumeFillingUp critical and warning firing after {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(("kubelet", "/metrics"), (critical["job"], critical["metrics_path"]));
            Assert.NotEmpty(critical["node"]);
            Assert.Equal(claims[1].Name, warning["persistentvolumeclaim"]);

            // CPUThrottlingHigh's expression (alerting-reference.md), its 5m window cut to 10s.
            // increase() needs two samples of each counter; wait for them if the alerts came first.
            const string throttling =
                "sum(increase(container_cpu_cfs_throttled_periods_total{container!=\"\"}[10s])) by (container, pod, namespace) " +
                "/ sum(increase(container_cpu_cfs_periods_total[10s])) by (container, pod, namespace) > (25 / 100)";
            var throttled = await api.QueryAsync(throttling, timeout.Token);
            while (throttled.Count == 0 && !timeout.IsCancellationRequested)
            {
                await Task.Delay(250, timeout.Token);
                throttled = await api.QueryAsync(throttling, timeout.Token);
            }

            Assert.NotEmpty(throttled);
            Assert.All(throttled, t => Assert.Equal((limited.Namespace, limited.Container), (t.Labels["namespace"], t.Labels["container"])));
            Assert.All(throttled, t => Assert.InRange(t.Value, 0.5, 0.7));

            // node-exporter's instance stays the node's name (honor_labels), and both kubelet paths share job="kubelet".
            var memory = Assert.Single(await api.QueryAsync("node_memory_MemAvailable_bytes{instance=\"worker-1\"} / node_memory_MemTotal_bytes", timeout.Token));
            Assert.Equal(0.05, memory.Value, 3);
            Assert.Equal(["/metrics", "/metrics/cadvisor"], (await api.QueryAsync("up{job=\"kubelet\"} == 1", timeout.Token)).Select(u => u.Labels["metrics_path"]).Order());
        }
        finally
        {
            rules.Delete(recursive: true);
        }
    }

    private static async Task<(Dictionary<string, string> Critical, Dictionary<string, string> Warning)> WaitForVolumeAlertsAsync(
        PrometheusQueries api, List<(string Namespace, string Name)> claims, CancellationToken ct)
    {
        List<(Dictionary<string, string> Labels, string State)> alerts = [];
        while (!ct.IsCancellationRequested)
        {
            alerts = (await api.AlertsAsync(ct)).Where(a => a.Labels["alertname"] == "KubePersistentVolumeFillingUp" && a.State == "firing").ToList();
            var critical = alerts.FirstOrDefault(a => a.Labels["severity"] == "critical").Labels;
            var warning = alerts.FirstOrDefault(a => a.Labels["severity"] == "warning").Labels;
            if (critical is not null && warning is not null)
            {
                Assert.DoesNotContain(alerts, a => a.Labels["severity"] == "critical" && a.Labels["persistentvolumeclaim"] != claims[0].Name);
                Assert.Equal((claims[0].Namespace, claims[0].Name), (critical["namespace"], critical["persistentvolumeclaim"]));
                return (critical, warning);
            }

            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                // Report what is missing below.
            }
        }

        Assert.Fail("KubePersistentVolumeFillingUp (critical and warning) did not both fire; firing: "
            + string.Join(" | ", alerts.Select(a => string.Join(",", a.Labels.Select(l => $"{l.Key}={l.Value}")))));
        return default;
    }
}
