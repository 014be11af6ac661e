using System.Diagnostics;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>A real Prometheus 2.42 scraping the sandbox's usage series on the wall clock, twice a second.</summary>
public sealed class UsagePrometheusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RangeQuery_VolumeTrend_ScrapedSeriesRisesAtTheTrendsSlope()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var watch = Stopwatch.StartNew();
        var cluster = UsageCluster.Create();
        var (ns, claim, capacity, node) = cluster.MountedClaim();
        const double bytesPerSecond = 1_000_000;
        var trends = new MetricTrends();
        trends.Volumes.Add(new VolumeTrend(ns, claim, 0.3 * capacity) { UsedBytesPerHour = bytesPerSecond * 3600 });
        await using var sandbox = await SandboxServer.StartAsync(cluster.Snapshot,
            new SandboxServerOptions { TimeProvider = TimeProvider.System, MetricTrends = trends }, timeout.Token);
        await using var prometheus = await PrometheusServer.StartAsync(new PrometheusServerOptions
        {
            ScrapeInterval = TimeSpan.FromMilliseconds(500),
            ScrapeTargets = SandboxScrapeJobs.For(sandbox.BaseAddress),
        }, timeout.Token);
        using var api = new PrometheusQueries(prometheus.BaseAddress);
        output.WriteLine($"sandbox and Prometheus up after {watch.Elapsed.TotalSeconds:0.0} s");

        var selector = $"kubelet_volume_stats_used_bytes{{namespace=\"{ns}\",persistentvolumeclaim=\"{claim}\"}}";
        var window = TimeSpan.FromSeconds(8);
        var first = await WaitForAsync(async () => (await api.QueryAsync($"count_over_time({selector}[1m])", timeout.Token)).SingleOrDefault().Value >= 2, timeout.Token);
        var begin = TimeProvider.System.GetUtcNow();
        // On a loaded machine a scrape can time out and leave a gap: keep the window open until it holds enough points.
        await Task.Delay(window, timeout.Token);
        var series = Assert.Single(await api.QueryRangeAsync(selector, begin, TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(1), timeout.Token));
        while (series.Points.Count < 6 && watch.Elapsed < TimeSpan.FromSeconds(35))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            series = Assert.Single(await api.QueryRangeAsync(selector, begin, TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(1), timeout.Token));
        }
        output.WriteLine($"{series.Points.Count} points after {watch.Elapsed.TotalSeconds:0.0} s (first samples after {first.TotalSeconds:0.0} s)");

        Assert.Equal(("kubelet", "/metrics", node), (series.Labels["job"], series.Labels["metrics_path"], series.Labels["node"]));
        Assert.True(series.Points.Count >= 6, $"{series.Points.Count} points");
        var slope = Slope(series.Points);
        output.WriteLine($"slope {slope:0} bytes/s (trend {bytesPerSecond:0})");
        Assert.True(Math.Abs(slope - bytesPerSecond) <= 0.1 * bytesPerSecond, $"slope {slope:0} bytes/s, trend {bytesPerSecond:0}");
        Assert.All(series.Points, p => Assert.InRange(p.Value, 0.3 * capacity, 0.31 * capacity));
    }

    /// <summary>The least-squares slope of the points, per second.</summary>
    private static double Slope(List<(double Time, double Value)> points)
    {
        var t = points.Average(p => p.Time);
        var v = points.Average(p => p.Value);
        return points.Sum(p => (p.Time - t) * (p.Value - v)) / points.Sum(p => (p.Time - t) * (p.Time - t));
    }

    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            await Task.Delay(200, ct);
        }

        return watch.Elapsed;
    }
}
