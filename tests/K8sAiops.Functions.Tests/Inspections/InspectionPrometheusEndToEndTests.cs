using System.Diagnostics;
using System.Net;
using System.Text.Json;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Functions.Tests.Support;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Functions.Tests.Inspections;

/// <summary>
/// The whole Prometheus path of the inspection: the sandbox serves, on the wall clock, a volume filling at a known rate,
/// a container near its memory limit, a throttled one, and two nodes running out of memory and disk; a real Prometheus
/// 2.42 scrapes it as kube-prometheus-stack would, and the host's inspection (the InspectMetrics activity inside the
/// orchestration) reports each of the five metrics checks on its object, nothing on the healthy rest, and a forecast it
/// can make from a minute of history.
/// </summary>
public sealed class InspectionPrometheusEndToEndTests(ITestOutputHelper output)
{
    /// <summary>The volume starts 90 % full and fills by 1 % of its capacity a minute (60 % an hour).</summary>
    private const double StartFraction = 0.90;
    private const double FractionPerHour = 0.60;

    [Fact]
    public async Task PostInspections_PrometheusScrapingTheSandbox_EveryMetricsCheckFiresOnItsFaultAndAForecastIsWithinTenPercent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var watch = Stopwatch.StartNew();
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = DateTimeOffset.UtcNow });
        var (ns, claim) = BoundClaim(snapshot);
        var volume = UsageFaults.VolumeFilling(snapshot, ns, claim, StartFraction, FractionPerHour);
        var (appNs, app, replicas) = Deployments(snapshot, "memory").First();
        UsageFaults.MemoryNearLimit(snapshot, appNs, app, fractionOfLimit: 0.95);
        var (cpuNs, cpuApp, _) = Deployments(snapshot, "cpu").First(d => d != (appNs, app, replicas));
        UsageFaults.CpuThrottled(snapshot, cpuNs, cpuApp, throttledFraction: 0.6);
        var nodes = snapshot.Objects.Where(o => o["kind"]?.ToString() == "Node").Select(o => o["metadata"]!["name"]!.ToString()).Take(2).ToList();
        // Memory used up in 9 minutes, the root filesystem full in 24: both within a day, so high.
        UsageFaults.NodeMemoryLow(snapshot, nodes[0], availableFraction: 0.30, fractionPerHour: -2.0);
        UsageFaults.NodeDiskLow(snapshot, nodes[1], availableFraction: 0.40, fractionPerHour: -1.0);
        await using var sandbox = await SandboxServer.StartAsync(snapshot, new SandboxServerOptions { TimeProvider = TimeProvider.System }, timeout.Token);
        var serving = DateTimeOffset.UtcNow;
        await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ScrapeTargets = SandboxScrapeJobs.For(sandbox.BaseAddress),
        }, timeout.Token);
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("k8saiops-inspect-").FullName, "kubeconfig"));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Collect:Kubernetes:Kubeconfig"] = kubeconfig,
            ["Collect:Prometheus:Url"] = prometheus.BaseAddress.ToString(),
            // The shortest window and history the settings allow: ten minutes back, a forecast from one minute of samples.
            ["Inspection:Metrics:Window"] = "00:10:00",
            ["Inspection:Metrics:Forecast:MinWindow"] = "00:01:00",
        });

        // A minute of scrapes, a second apart: the shortest history a forecast is made from.
        using var api = new HttpClient { BaseAddress = prometheus.BaseAddress };
        var selector = $"kubelet_volume_stats_used_bytes{{namespace=\"{ns}\",persistentvolumeclaim=\"{claim}\"}}";
        while (await SamplesAsync(api, $"count_over_time({selector}[10m])", timeout.Token) < 64)
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        output.WriteLine($"64 samples after {watch.Elapsed.TotalSeconds:0} s");

        var started = await host.Keyed.PostAsync("/api/inspections", null, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await TestHost.JsonAsync(started)).GetProperty("id").GetString()!;
        await host.CompleteAsync(id);
        var report = JsonSerializer.Deserialize<InspectionReport>(
            await host.Keyed.GetStringAsync($"/api/inspections/{id}/report?format=json", timeout.Token), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        output.WriteLine(string.Join(Environment.NewLine, report.Notes));

        var full = Assert.Single(report.Findings, f => f.Check == "pvc-usage-high");
        Assert.Equal(new FindingResource("PersistentVolumeClaim", ns, claim), full.Resource);
        Assert.Equal(Severities.Medium, full.Severity);
        Assert.True(full.Points > 0);
        Assert.Contains(report.Deductions, d => d.Finding == full.Id);
        // One finding per pod of the Deployment (the trend applies to every replica's container).
        var memory = report.Findings.Where(f => f.Check == "memory-near-limit").ToList();
        Assert.Equal(replicas, memory.Count);
        Assert.All(memory, f =>
        {
            Assert.Equal(("Pod", appNs), (f.Resource.Kind, f.Resource.Namespace));
            Assert.StartsWith(app + "-", f.Resource.Name, StringComparison.Ordinal);
            Assert.Equal(Severities.Medium, f.Severity);
            Assert.Contains("uses 95 % of its memory limit", f.Message, StringComparison.Ordinal);
        });

        var throttled = report.Findings.Where(f => f.Check == "cpu-throttling").ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, f =>
        {
            Assert.Equal(("Pod", cpuNs, "cpu-throttling"), (f.Resource.Kind, f.Resource.Namespace, f.Category));
            Assert.StartsWith(cpuApp + "-", f.Resource.Name, StringComparison.Ordinal);
            Assert.Equal(Severities.Medium, f.Severity);
        });
        var memoryTrend = Assert.Single(report.Findings, f => f.Check == "node-memory-trend");
        Assert.Equal((new FindingResource("Node", "", nodes[0]), Severities.High), (memoryTrend.Resource, memoryTrend.Severity));
        var diskTrend = Assert.Single(report.Findings, f => f.Check == "node-disk-trend");
        Assert.Equal((new FindingResource("Node", "", nodes[1]), Severities.High), (diskTrend.Resource, diskTrend.Severity));

        // Everything else of the generated cluster is healthy, so the metrics checks say nothing more.
        var metricsChecks = K8sAiops.Activities.Inspect.Metrics.MetricsChecks.All.Select(c => c.Id).ToHashSet();
        Assert.Equal(1 + replicas + throttled.Count + 2, report.Findings.Count(f => metricsChecks.Contains(f.Check)));

        // The truth: the sandbox's line, from the moment it began serving.
        var forecast = Assert.Single(report.Forecasts, f => f.Kind == ForecastKinds.PvcFull && f.Resource.Name == claim);
        output.WriteLine($"{forecast.Message} ({forecast.Fit}, {forecast.Samples} samples, {forecast.WindowStart:T}–{forecast.WindowEnd:T})");
        Assert.True(forecast.EnoughData, forecast.Reason);
        Assert.Equal("linear", forecast.Fit);
        var capacity = volume.UsedBytes / StartFraction;
        var expectedSlope = FractionPerHour * capacity;
        Assert.InRange(forecast.SlopePerHour, 0.9 * expectedSlope, 1.1 * expectedSlope);
        var fullAt = serving + TimeSpan.FromHours((1 - StartFraction) / FractionPerHour);
        var expectedHours = (fullAt - forecast.WindowEnd).TotalHours;
        Assert.InRange(forecast.HoursToLimit!.Value, 0.9 * expectedHours, 1.1 * expectedHours);
        Assert.True(forecast.HoursLow <= forecast.HoursToLimit && forecast.HoursToLimit <= forecast.HoursHigh);
        Assert.True(forecast.Samples >= 20, $"{forecast.Samples} samples");
        Assert.DoesNotContain(report.Notes, n => n.Contains("Prometheus is not configured", StringComparison.Ordinal));
    }

    private static async Task<double> SamplesAsync(HttpClient api, string query, CancellationToken cancellation)
    {
        using var answer = JsonDocument.Parse(await api.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(query)}", cancellation));
        var result = answer.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (string Namespace, string Name) BoundClaim(ClusterSnapshot snapshot) => snapshot.Objects
        .Where(o => o["kind"]?.ToString() == "PersistentVolumeClaim" && o["status"]?["capacity"]?["storage"] is not null)
        .Select(o => (o["metadata"]!["namespace"]!.ToString(), o["metadata"]!["name"]!.ToString()))
        .First();

    /// <summary>Application Deployments whose first container has a <paramref name="resource"/> limit.</summary>
    private static IEnumerable<(string Namespace, string Name, int Replicas)> Deployments(ClusterSnapshot snapshot, string resource) => snapshot.Objects
        .Where(o => o["kind"]?.ToString() == "Deployment" && o["metadata"]?["namespace"]?.ToString() != "kube-system"
            && o["spec"]?["template"]?["spec"]?["containers"]?[0]?["resources"]?["limits"]?[resource] is not null)
        .Select(o => (o["metadata"]!["namespace"]!.ToString(), o["metadata"]!["name"]!.ToString(), (int)o["spec"]!["replicas"]!));
}
