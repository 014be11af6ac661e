using System.Net;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Activities.Inspect.Metrics;
using K8sAiops.Activities.Metrics;
using K8sAiops.Testing;
using static K8sAiops.Activities.Inspect.Metrics.MetricsQueries;

namespace K8sAiops.Activities.Tests.Inspect.Metrics;

/// <summary>The metrics checks against a fake Prometheus that answers the HTTP API's JSON (see <see cref="FakePrometheus"/>).</summary>
public sealed class MetricsInspectionTests
{
    private const double MiB = 1024 * 1024;
    private const double GiB = 1024 * MiB;
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly FakePrometheus _prometheus = new();

    private Task<MetricsInspectionResult> InspectAsync(MetricsInspectionOptions? options = null, CancellationToken cancellationToken = default)
        => MetricsInspection.InspectMetricsAsync(_prometheus.Client(), Now, options ?? new MetricsInspectionOptions(), cancellationToken);

    private static (string, string)[] Pvc(string ns, string name) => [("namespace", ns), ("persistentvolumeclaim", name)];

    private static (string, string)[] Container(string ns, string pod, string container) => [("namespace", ns), ("pod", pod), ("container", container)];

    private static (string, string)[] Limit(string ns, string pod, string container, string resource) => [.. Container(ns, pod, container), ("resource", resource)];

    private static (string, string)[] Node(string name) => [("node", name)];

    /// <summary>A PVC of 10 GiB with <paramref name="used"/> bytes used now, growing <paramref name="perHour"/> over the last 24 h.</summary>
    private void GivenPvc(string ns, string name, double used, double perHour = 0, double capacity = 10 * GiB)
    {
        _prometheus
            .Instant(PvcCapacity, capacity, Pvc(ns, name))
            .Instant(PvcUsed, used, Pvc(ns, name))
            .Range(PvcUsed, ago => used - perHour * ago, Pvc(ns, name));
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcAt97Percent_HighPvcUsageHighWithItsForecast()
    {
        GivenPvc("shop", "data-postgres-0", 9.7 * GiB, perHour: 20 * MiB);

        var result = await InspectAsync();

        var finding = Assert.Single(result.Findings);
        Assert.Equal("pvc-usage-high:PersistentVolumeClaim/shop/data-postgres-0", finding.Id);
        Assert.Equal("pvc-usage-high", finding.Check);
        Assert.Equal(CheckGroups.Capacity, finding.Category);
        Assert.Equal(CheckGroups.Capacity, finding.Group);
        Assert.Equal(Severities.High, finding.Severity);
        Assert.Equal(new FindingResource("PersistentVolumeClaim", "shop", "data-postgres-0"), finding.Resource);
        Assert.Equal(
            "PVC shop/data-postgres-0 is 97 % full (9.7 GiB of 10 GiB used, kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes); " +
            "at this rate it is full in 15.4 h.",
            finding.Message);
        Assert.Equal(MetricsChecks.PvcUsageHigh.Fix, finding.Fix);
        Assert.Equal(0, finding.Points);
        Assert.Equal(FindingStatuses.New, finding.Status);

        var forecast = Assert.Single(result.Forecasts);
        Assert.Equal(ForecastKinds.PvcFull, forecast.Kind);
        Assert.Equal(finding.Resource, forecast.Resource);
        Assert.Equal(PvcUsed, forecast.Query);
        Assert.Equal(10 * GiB, forecast.Limit);
        Assert.Equal(0.3 * GiB / (20 * MiB), forecast.HoursToLimit!.Value, 3);
        Assert.Equal(Now.AddSeconds(-299 * 289), forecast.WindowStart);
        Assert.Equal(Now, forecast.WindowEnd);
        Assert.Equal(300, forecast.Samples);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcAt90Percent_MediumFinding()
    {
        GivenPvc("shop", "data-postgres-0", 9 * GiB);

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal(Severities.Medium, finding.Severity);
        Assert.EndsWith("kubelet_volume_stats_capacity_bytes).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcFull_CategoryIsDiskFull()
    {
        GivenPvc("shop", "data-postgres-0", 9.95 * GiB);

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal("disk-full", finding.Category);
        Assert.Equal(Severities.High, finding.Severity);
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcHalfFullAndFlat_NoFindingAndNoForecast()
    {
        GivenPvc("shop", "data-postgres-0", 5 * GiB);

        var result = await InspectAsync();

        Assert.Empty(result.Findings);
        Assert.Empty(result.Forecasts);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcHalfFullButGrowing_NoFindingButAForecast()
    {
        GivenPvc("shop", "data-postgres-0", 5 * GiB, perHour: 50 * MiB);

        var result = await InspectAsync();

        Assert.Empty(result.Findings);
        var forecast = Assert.Single(result.Forecasts);
        Assert.Equal(102.4, forecast.HoursToLimit!.Value, 3);
        Assert.Equal("PVC shop/data-postgres-0 is full in 4.3 days (4.3\u20134.3 days, linear fit over 24 h)", forecast.Message);
    }

    [Fact]
    public async Task InspectMetricsAsync_PvcCapacityAsPrometheusWritesIt_IsRead()
    {
        _prometheus.Answer("api/v1/query", PvcCapacity, HttpStatusCode.OK, """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"namespace":"shop","persistentvolumeclaim":"data-postgres-0"},"value":[1777615200,"10737418240"]},
              {"metric":{"namespace":"shop","persistentvolumeclaim":"cache"},"value":[1777615200,"0"]}
            ]}}
            """);
        _prometheus.Answer("api/v1/query", PvcUsed, HttpStatusCode.OK, """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"namespace":"shop","persistentvolumeclaim":"data-postgres-0"},"value":[1777615200,"9663676416"]},
              {"metric":{"namespace":"shop","persistentvolumeclaim":"cache"},"value":[1777615200,"1024"]}
            ]}}
            """);

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.StartsWith("PVC shop/data-postgres-0 is 90 % full (9 GiB of 10 GiB used", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_ContainerAt94PercentOfItsMemoryLimit_MemoryNearLimitWithItsForecast()
    {
        _prometheus
            .Instant(ContainerLimits, 512 * MiB, Limit("shop", "cart-7d9f-abcde", "cart", "memory"))
            .Instant(ContainerWorkingSet, 481 * MiB, Container("shop", "cart-7d9f-abcde", "cart"))
            .Range(ContainerWorkingSet, ago => 481 * MiB - 2 * MiB * ago, Container("shop", "cart-7d9f-abcde", "cart"));

        var result = await InspectAsync();

        var finding = Assert.Single(result.Findings);
        Assert.Equal("memory-near-limit:Pod/shop/cart-7d9f-abcde", finding.Id);
        Assert.Equal(CheckGroups.Reliability, finding.Category);
        Assert.Equal(CheckGroups.Reliability, finding.Group);
        Assert.Equal(Severities.Medium, finding.Severity);
        Assert.Equal(new FindingResource("Pod", "shop", "cart-7d9f-abcde"), finding.Resource);
        Assert.Equal(
            "Container cart of pod shop/cart-7d9f-abcde uses 93.9 % of its memory limit (481 MiB of 512 MiB, container_memory_working_set_bytes / " +
            "kube_pod_container_resource_limits{resource=\"memory\"}); at this rate it reaches the limit in 15.5 h.",
            finding.Message);

        var forecast = Assert.Single(result.Forecasts);
        Assert.Equal(ForecastKinds.MemoryLimit, forecast.Kind);
        Assert.Equal(ContainerWorkingSet, forecast.Query);
        Assert.StartsWith("Container cart of pod shop/cart-7d9f-abcde reaches its memory limit in 15.5 h", forecast.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_TwoContainersOfAPodNearTheirLimits_OneFindingWorstFirst()
    {
        _prometheus
            .Instant(ContainerLimits, 512 * MiB, Limit("shop", "cart-7d9f-abcde", "cart", "memory"))
            .Instant(ContainerLimits, 100 * MiB, Limit("shop", "cart-7d9f-abcde", "envoy", "memory"))
            .Instant(ContainerWorkingSet, 470 * MiB, Container("shop", "cart-7d9f-abcde", "cart"))
            .Instant(ContainerWorkingSet, 99 * MiB, Container("shop", "cart-7d9f-abcde", "envoy"));

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal(Severities.High, finding.Severity);
        Assert.StartsWith("Container envoy of pod shop/cart-7d9f-abcde uses 99 %", finding.Message, StringComparison.Ordinal);
        Assert.Contains(". Container cart of pod shop/cart-7d9f-abcde uses 91.8 %", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_ContainerWellBelowItsLimitOrWithoutOne_Quiet()
    {
        _prometheus
            .Instant(ContainerLimits, 512 * MiB, Limit("shop", "cart-7d9f-abcde", "cart", "memory"))
            .Instant(ContainerWorkingSet, 400 * MiB, Container("shop", "cart-7d9f-abcde", "cart"))
            .Instant(ContainerWorkingSet, 4 * GiB, Container("shop", "batch-1", "worker"))
            .Range(ContainerWorkingSet, _ => 4 * GiB, Container("shop", "batch-1", "worker"));

        var result = await InspectAsync();

        Assert.Empty(result.Findings);
        Assert.Empty(result.Forecasts);
    }

    [Fact]
    public async Task InspectMetricsAsync_ContainerThrottled42Percent_LowCpuThrottlingWithLimitAndUse()
    {
        _prometheus
            .Instant(ContainerLimits, 0.5, Limit("shop", "api-5c6d-q8w2e", "api", "cpu"))
            .Instant(ContainerCpuThrottled, 0.42, Container("shop", "api-5c6d-q8w2e", "api"))
            .Instant(ContainerCpuThrottled, 0.05, Container("shop", "web-1", "web"))
            .Instant(ContainerCpuUsage, 0.48, Container("shop", "api-5c6d-q8w2e", "api"));

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal("cpu-throttling:Pod/shop/api-5c6d-q8w2e", finding.Id);
        Assert.Equal("cpu-throttling", finding.Category);
        Assert.Equal(CheckGroups.Reliability, finding.Group);
        Assert.Equal(Severities.Low, finding.Severity);
        Assert.Equal(
            "Container api of pod shop/api-5c6d-q8w2e was throttled in 42 % of its CPU periods over the last 5 minutes " +
            "(container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total; limit 0.5 cores; using 0.48 cores).",
            finding.Message);
        Assert.Equal(MetricsChecks.CpuThrottling.Fix, finding.Fix);
    }

    [Fact]
    public async Task InspectMetricsAsync_ContainerThrottled70Percent_Medium()
    {
        _prometheus.Instant(ContainerCpuThrottled, 0.7, Container("shop", "api-5c6d-q8w2e", "api"));

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal(Severities.Medium, finding.Severity);
        Assert.EndsWith("(container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_ThrottlingBelow25PercentOrNaN_QuietAndNoCpuUseAsked()
    {
        _prometheus
            .Instant(ContainerCpuThrottled, 0.2, Container("shop", "api-5c6d-q8w2e", "api"))
            .Instant(ContainerCpuThrottled, double.NaN, Container("shop", "idle-1", "idle"));

        var result = await InspectAsync();

        Assert.Empty(result.Findings);
        Assert.DoesNotContain(_prometheus.Requests, r => r.Query == ContainerCpuUsage);
    }

    [Fact]
    public async Task InspectMetricsAsync_NodeMemoryRunsOutIn3Days_MediumNodeMemoryTrend()
    {
        // 8 GiB total, 2 GiB available now, 28 MiB/h less every hour: out in 2048 / 28 = 73 h.
        _prometheus
            .Instant(NodeMemoryTotal, 8 * GiB, Node("worker-1"))
            .Range(NodeMemoryUsed, ago => 6 * GiB - 28 * MiB * ago, Node("worker-1"))
            .Instant(NodeMemoryTotal, 8 * GiB, Node("worker-2"))
            .Range(NodeMemoryUsed, _ => 3 * GiB, Node("worker-2"));

        var result = await InspectAsync();

        var finding = Assert.Single(result.Findings);
        Assert.Equal("node-memory-trend:Node/worker-1", finding.Id);
        Assert.Equal(CheckGroups.Capacity, finding.Category);
        Assert.Equal(Severities.Medium, finding.Severity);
        Assert.Equal(new FindingResource("Node", "", "worker-1"), finding.Resource);
        Assert.Equal(
            "Node worker-1 runs out of memory in 3 days (3\u20133 days, linear fit over 24 h); " +
            "2 GiB of 8 GiB available now (node_memory_MemAvailable_bytes of node_memory_MemTotal_bytes).",
            finding.Message);
        Assert.Empty(result.Forecasts);
    }

    [Fact]
    public async Task InspectMetricsAsync_RootFilesystemFullIn10Hours_HighNodeDiskTrend()
    {
        _prometheus
            .Instant(NodeRootSize, 50 * GiB, Node("worker-1"))
            .Range(NodeRootUsed, ago => 45 * GiB - 0.5 * GiB * ago, Node("worker-1"));

        var finding = Assert.Single((await InspectAsync()).Findings);

        Assert.Equal("node-disk-trend:Node/worker-1", finding.Id);
        Assert.Equal(Severities.High, finding.Severity);
        Assert.Equal(
            "The root filesystem of node worker-1 is full in 10 h (10\u201310 h, linear fit over 24 h); " +
            "5 GiB of 50 GiB free now (node_filesystem_avail_bytes of node_filesystem_size_bytes, mountpoint \"/\").",
            finding.Message);
    }

    [Fact]
    public async Task InspectMetricsAsync_NodeRunsOutIn20Days_NoTrendFinding()
    {
        _prometheus
            .Instant(NodeRootSize, 50 * GiB, Node("worker-1"))
            .Range(NodeRootUsed, ago => 10 * GiB - (40 * GiB / 480) * ago, Node("worker-1"));

        Assert.Empty((await InspectAsync()).Findings);
    }

    [Fact]
    public async Task InspectMetricsAsync_NodePodsGrowTowardsAllocatable_NodeHeadroomForecast()
    {
        _prometheus
            .Instant(NodeAllocatableMemory, 7.5 * GiB, Node("worker-1"))
            .Range(NodePodsWorkingSet, ago => 5.5 * GiB - 10 * MiB * ago, Node("worker-1"));

        var result = await InspectAsync();

        Assert.Empty(result.Findings);
        var forecast = Assert.Single(result.Forecasts);
        Assert.Equal(ForecastKinds.NodeHeadroom, forecast.Kind);
        Assert.Equal(new FindingResource("Node", "", "worker-1"), forecast.Resource);
        Assert.Equal(NodePodsWorkingSet, forecast.Query);
        Assert.Equal(204.8, forecast.HoursToLimit!.Value, 3);
        Assert.StartsWith("Node worker-1 runs out of allocatable memory in 8.5 days", forecast.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_RangeQueries_CoverTheWindowInAtMost300Points()
    {
        GivenPvc("shop", "data-postgres-0", 5 * GiB);

        await InspectAsync();

        var ranges = _prometheus.Requests.Where(r => r.Path == "api/v1/query_range").ToList();
        Assert.NotEmpty(ranges);
        // 24 h at the smallest whole-second step for 300 points (289 s), rounded up to whole steps so the last point is now.
        Assert.All(ranges, r => Assert.Equal(("1777528789", "1777615200", "289"), (r.Start, r.End, r.Step)));
        Assert.All(_prometheus.Requests.Where(r => r.Path == "api/v1/query"), r => Assert.Equal("1777615200", r.Time));
        // PVCs 3, containers 4 (no CPU use asked: nothing is throttled), nodes 3 (no totals, so no ranges).
        Assert.Equal(10, _prometheus.Requests.Count);
    }

    [Fact]
    public async Task InspectMetricsAsync_PrometheusNotListening_OneNoteAndNothingElse()
    {
        var address = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        using var http = new HttpClient { BaseAddress = address };

        var result = await MetricsInspection.InspectMetricsAsync(new PrometheusClient(http), Now, new MetricsInspectionOptions());

        Assert.Empty(result.Findings);
        Assert.Empty(result.Forecasts);
        var note = Assert.Single(result.Notes);
        Assert.StartsWith($"Metrics not checked from pvc-usage-high on: Prometheus at {address}api/v1/query could not be reached:", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectMetricsAsync_PrometheusAnswersHtml_OneNoteAndNoMoreQueries()
    {
        _prometheus.Answer("api/v1/query", PvcCapacity, HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>");

        var result = await InspectAsync();

        var note = Assert.Single(result.Notes);
        Assert.Contains("answered 502 Bad Gateway with something that is not JSON", note, StringComparison.Ordinal);
        Assert.Single(_prometheus.Requests);
    }

    [Fact]
    public async Task InspectMetricsAsync_OneQueryRejected_NoteNamesTheCheckAndTheOthersStillRun()
    {
        _prometheus.Answer("api/v1/query", ContainerCpuThrottled, HttpStatusCode.UnprocessableEntity,
            """{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}""");
        GivenPvc("shop", "data-postgres-0", 9 * GiB);

        var result = await InspectAsync();

        Assert.Single(result.Findings, f => f.Check == "pvc-usage-high");
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("cpu-throttling not checked: Prometheus at http://prometheus.monitoring:9090/api/v1/query rejected the query (422 execution)", note, StringComparison.Ordinal);
        Assert.Contains(_prometheus.Requests, r => r.Query == NodeMemoryTotal);
    }

    [Fact]
    public async Task InspectMetricsAsync_PrometheusWarns_WarningBecomesANote()
    {
        _prometheus.Answer("api/v1/query", PvcCapacity, HttpStatusCode.OK,
            """{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial response: store gateway unavailable"]}""");

        var note = Assert.Single((await InspectAsync()).Notes);

        Assert.Equal($"Prometheus warned about {PvcCapacity}: partial response: store gateway unavailable", note);
    }

    [Fact]
    public async Task InspectMetricsAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InspectAsync(cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task InspectMetricsAsync_ManyGrowingPvcs_SoonestFirstCappedWithANote()
    {
        for (var i = 1; i <= 60; i++)
        {
            GivenPvc("logs", $"pvc-{i:00}", 5 * GiB, perHour: i * MiB);
        }

        GivenPvc("logs", "flat", 5 * GiB);
        var options = new MetricsInspectionOptions { MaxForecasts = 10 };

        var result = await InspectAsync(options);

        Assert.Equal(10, result.Forecasts.Count);
        Assert.Equal([.. Enumerable.Range(51, 10).Reverse().Select(i => $"pvc-{i:00}")], result.Forecasts.Select(f => f.Resource.Name));
        Assert.True(result.Forecasts.Zip(result.Forecasts.Skip(1)).All(p => p.First.HoursToLimit <= p.Second.HoursToLimit));
        var note = Assert.Single(result.Notes);
        Assert.Equal(
            "Forecasts: of 61 series, 53 reach their limit within 30 days, 7 later, 1 are not growing and 0 had too little data to forecast " +
            "(fewer than 12 samples or under 1 h; 0 of them listed for being at 80 % of their limit or more). " +
            "Only the first 10 are listed; 43 more were left out.",
            note);
    }

    [Fact]
    public async Task InspectMetricsAsync_NewSeries_NotEnoughDataListedOnlyWhenNearTheLimit()
    {
        _prometheus
            .Instant(PvcCapacity, 10 * GiB, Pvc("shop", "new-small"))
            .Range(PvcUsed, ago => ago < 0.5 ? 1 * GiB : null, Pvc("shop", "new-small"))
            .Instant(PvcCapacity, 10 * GiB, Pvc("shop", "new-big"))
            .Range(PvcUsed, ago => ago < 0.5 ? 8.5 * GiB : null, Pvc("shop", "new-big"));

        var result = await InspectAsync();

        var forecast = Assert.Single(result.Forecasts);
        Assert.Equal("new-big", forecast.Resource.Name);
        Assert.False(forecast.EnoughData);
        Assert.Equal(7, forecast.Samples);
        Assert.Equal("7 samples over 29 min; a forecast needs at least 12 samples over 1 h", forecast.Reason);
        var note = Assert.Single(result.Notes);
        Assert.Contains("2 had too little data to forecast", note, StringComparison.Ordinal);
        Assert.Contains("1 of them listed for being at 80 % of their limit or more", note, StringComparison.Ordinal);
    }
}
