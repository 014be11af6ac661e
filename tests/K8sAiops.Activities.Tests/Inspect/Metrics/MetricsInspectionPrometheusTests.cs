using System.Globalization;
using System.Text;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Activities.Inspect.Metrics;
using K8sAiops.Activities.Metrics;
using K8sAiops.Testing;

namespace K8sAiops.Activities.Tests.Inspect.Metrics;

/// <summary>
/// The metrics inspection against a real Prometheus 2.42 scraping, every second, a loopback exporter that serves the
/// series the checks read (kubelet volume stats, cAdvisor, kube-state-metrics, node-exporter) in the text format. It
/// proves the PromQL runs and the labels match; the history is only seconds long, so forecasts have too little data.
/// </summary>
public sealed class MetricsInspectionPrometheusTests
{
    private const double MiB = 1024 * 1024;
    private const double GiB = 1024 * MiB;

    private int _scrapes;

    [Fact]
    public async Task InspectMetricsAsync_RealPrometheusScrapingAnExporter_ChecksFireAndEveryQueryRuns()
    {
        await using var exporter = LoopbackHttpServer.Start(_ => LoopbackResponse.Text(Exposition(Interlocked.Increment(ref _scrapes)), 200));
        await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
        {
            ScrapeTargets = [new PrometheusScrapeTarget("k8s", [exporter.BaseAddress.Authority])],
        });
        using var http = new HttpClient { BaseAddress = prometheus.BaseAddress };
        var client = new PrometheusClient(http);

        // increase() needs two scrapes of the CFS counters; wait until all three checks see their data.
        MetricsInspectionResult result;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(500);
            result = await MetricsInspection.InspectMetricsAsync(client, DateTimeOffset.UtcNow, new MetricsInspectionOptions());
        }
        while (result.Findings.Count < 3 && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(["cpu-throttling", "memory-near-limit", "pvc-usage-high"], result.Findings.Select(f => f.Check).Order(StringComparer.Ordinal));
        var pvc = Assert.Single(result.Findings, f => f.Check == "pvc-usage-high");
        Assert.Equal(Severities.High, pvc.Severity);
        Assert.Equal(new FindingResource("PersistentVolumeClaim", "shop", "data-postgres-0"), pvc.Resource);
        Assert.StartsWith("PVC shop/data-postgres-0 is 97 % full (9.7 GiB of 10 GiB used", pvc.Message, StringComparison.Ordinal);
        var memory = Assert.Single(result.Findings, f => f.Check == "memory-near-limit");
        Assert.Equal(new FindingResource("Pod", "shop", "cart-7d9f-abcde"), memory.Resource);
        Assert.StartsWith("Container cart of pod shop/cart-7d9f-abcde uses 93.9 % of its memory limit (481 MiB of 512 MiB", memory.Message, StringComparison.Ordinal);
        var cpu = Assert.Single(result.Findings, f => f.Check == "cpu-throttling");
        Assert.Equal(new FindingResource("Pod", "shop", "api-5c6d-q8w2e"), cpu.Resource);
        Assert.StartsWith("Container api of pod shop/api-5c6d-q8w2e was throttled in 42 % of its CPU periods", cpu.Message, StringComparison.Ordinal);
        Assert.Contains("limit 0.5 cores; using ", cpu.Message, StringComparison.Ordinal);

        // Seconds of history: the PVC and the container near their limits are listed for want of data, the node is not.
        Assert.All(result.Forecasts, f => Assert.False(f.EnoughData));
        Assert.Equal(
            [(ForecastKinds.PvcFull, "data-postgres-0"), (ForecastKinds.MemoryLimit, "cart-7d9f-abcde")],
            result.Forecasts.Select(f => (f.Kind, f.Resource.Name)));
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("Forecasts: of 5 series, 0 reach their limit within 30 days, 0 later, 0 are not growing and 5 had too little data", note, StringComparison.Ordinal);
    }

    /// <summary>What the exporter serves at its <paramref name="scrape"/>th scrape: gauges, and counters that grow per scrape.</summary>
    private static string Exposition(int scrape)
    {
        const string api = "namespace=\"shop\",pod=\"api-5c6d-q8w2e\",container=\"api\",node=\"worker-1\"";
        const string cart = "namespace=\"shop\",pod=\"cart-7d9f-abcde\",container=\"cart\",node=\"worker-1\"";
        const string postgres = "namespace=\"shop\",persistentvolumeclaim=\"data-postgres-0\",node=\"worker-1\"";
        const string uploads = "namespace=\"shop\",persistentvolumeclaim=\"uploads\",node=\"worker-2\"";
        const string root = "node=\"worker-1\",device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"";
        const string run = "node=\"worker-1\",device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\"";
        (string Family, string Type, (string Labels, double Value)[] Series)[] families =
        [
            ("kubelet_volume_stats_capacity_bytes", "gauge", [(postgres, 10 * GiB), (uploads, 10 * GiB)]),
            ("kubelet_volume_stats_used_bytes", "gauge", [(postgres, 9.7 * GiB), (uploads, 1 * GiB)]),
            ("kubelet_volume_stats_available_bytes", "gauge", [(postgres, 0.3 * GiB), (uploads, 9 * GiB)]),
            ("kube_pod_container_resource_limits", "gauge",
            [
                (cart + ",resource=\"memory\",unit=\"byte\"", 512 * MiB),
                (api + ",resource=\"memory\",unit=\"byte\"", 1 * GiB),
                (api + ",resource=\"cpu\",unit=\"core\"", 0.5),
            ]),
            ("container_memory_working_set_bytes", "gauge",
            [
                (cart, 481 * MiB),
                ("namespace=\"shop\",pod=\"cart-7d9f-abcde\",container=\"POD\",node=\"worker-1\"", 1 * MiB),
                ("namespace=\"shop\",pod=\"cart-7d9f-abcde\",container=\"\",node=\"worker-1\"", 492 * MiB),
                (api, 256 * MiB),
            ]),
            ("container_cpu_cfs_periods_total", "counter", [(api, 100 * scrape), (cart, 100 * scrape)]),
            ("container_cpu_cfs_throttled_periods_total", "counter", [(api, 42 * scrape), (cart, 0)]),
            ("container_cpu_usage_seconds_total", "counter", [(api, 0.48 * scrape), (cart, 0.1 * scrape)]),
            ("kube_node_status_allocatable", "gauge", [("node=\"worker-1\",resource=\"memory\",unit=\"byte\"", 7.5 * GiB), ("node=\"worker-1\",resource=\"cpu\",unit=\"core\"", 4)]),
            ("node_memory_MemTotal_bytes", "gauge", [("node=\"worker-1\"", 8 * GiB)]),
            ("node_memory_MemAvailable_bytes", "gauge", [("node=\"worker-1\"", 6 * GiB)]),
            ("node_filesystem_size_bytes", "gauge", [(root, 50 * GiB), (run, 800 * MiB)]),
            ("node_filesystem_avail_bytes", "gauge", [(root, 40 * GiB), (run, 800 * MiB)]),
        ];
        var text = new StringBuilder();
        foreach (var (family, type, series) in families)
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {family} {type}\n");
            foreach (var (labels, value) in series)
            {
                text.Append(CultureInfo.InvariantCulture, $"{family}{{{labels}}} {value:R}\n");
            }
        }

        return text.ToString();
    }
}
