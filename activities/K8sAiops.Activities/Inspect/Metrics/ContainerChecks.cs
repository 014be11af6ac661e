using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Activities.Metrics;
using static K8sAiops.Activities.Inspect.Forecasts.Quantities;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary><c>memory-near-limit</c>, <c>cpu-throttling</c> and the <c>memory-limit</c> forecasts, from cAdvisor and kube-state-metrics.</summary>
internal static class ContainerChecks
{
    private static readonly string[] Key = ["namespace", "pod", "container"];

    public static async Task InspectAsync(MetricsContext context, CancellationToken cancellationToken)
    {
        var limits = await context.Reader.InstantAsync(
            MetricsQueries.ContainerLimits, $"{MetricsChecks.MemoryNearLimit.Id} and the memory-limit forecasts", cancellationToken);
        if (limits is not null)
        {
            await MemoryAsync(context, SeriesValues.Latest(limits.Where(s => s.Label("resource") == "memory"), Key), cancellationToken);
        }

        await CpuAsync(context, SeriesValues.Latest(limits?.Where(s => s.Label("resource") == "cpu"), Key), cancellationToken);
    }

    private static async Task MemoryAsync(MetricsContext context, Dictionary<string, double> limits, CancellationToken cancellationToken)
    {
        var check = MetricsChecks.MemoryNearLimit;
        var options = context.Options;
        var current = await context.Reader.InstantAsync(MetricsQueries.ContainerWorkingSet, check.Id, cancellationToken);
        var history = SeriesValues.ByKey(
            await context.Reader.RangeAsync(MetricsQueries.ContainerWorkingSet, "memory-limit forecasts", cancellationToken), Key);

        var forecasts = new Dictionary<string, Forecast>(StringComparer.Ordinal);
        foreach (var (key, series) in history)
        {
            if (limits.TryGetValue(key, out var limit) && limit > 0)
            {
                var (pod, container) = Names(series);
                var forecast = context.Forecaster.Predict(
                    ForecastKinds.MemoryLimit, pod, series.Samples, limit, MetricsQueries.ContainerWorkingSet, Subject(pod, container));
                forecasts[key] = forecast;
                context.Forecasts.Add(forecast);
            }
        }

        var findings = new PodFindings(check);
        foreach (var series in current ?? [])
        {
            if (SeriesValues.KeyOf(series, Key) is not { } key
                || SeriesValues.LatestValue(series) is not { } bytes
                || !limits.TryGetValue(key, out var limit)
                || limit <= 0
                || bytes / limit <= options.MemoryNearLimitMedium)
            {
                continue;
            }

            var share = bytes / limit;

            var (pod, container) = Names(series);
            var trend = forecasts.GetValueOrDefault(key)?.HoursToLimit is { } hours && hours > 0
                ? $"; at this rate it reaches the limit in {Duration(hours)}"
                : "";
            findings.Add(
                pod,
                share > options.MemoryNearLimitHigh ? Severities.High : Severities.Medium,
                share,
                $"{Subject(pod, container)} uses {Percent(share)} of its memory limit ({Bytes(bytes)} of {Bytes(limit)}, " +
                $"container_memory_working_set_bytes / kube_pod_container_resource_limits{{resource=\"memory\"}}){trend}.");
        }

        findings.AddTo(context);
    }

    private static async Task CpuAsync(MetricsContext context, Dictionary<string, double> limits, CancellationToken cancellationToken)
    {
        var check = MetricsChecks.CpuThrottling;
        var options = context.Options;
        var throttled = (await context.Reader.InstantAsync(MetricsQueries.ContainerCpuThrottled, check.Id, cancellationToken) ?? [])
            .Where(s => SeriesValues.LatestValue(s) > options.CpuThrottlingLow)
            .ToList();
        if (throttled.Count == 0)
        {
            return;
        }

        var usage = SeriesValues.Latest(
            await context.Reader.InstantAsync(MetricsQueries.ContainerCpuUsage, $"the CPU use in {check.Id} findings", cancellationToken), Key);
        var findings = new PodFindings(check);
        foreach (var series in throttled)
        {
            if (SeriesValues.KeyOf(series, Key) is not { } key)
            {
                continue;
            }

            var share = SeriesValues.LatestValue(series)!.Value;
            var (pod, container) = Names(series);
            var detail = new List<string>();
            if (limits.TryGetValue(key, out var limit))
            {
                detail.Add($"limit {Cores(limit)}");
            }

            if (usage.TryGetValue(key, out var used))
            {
                detail.Add($"using {Cores(used)}");
            }

            findings.Add(
                pod,
                share > options.CpuThrottlingMedium ? Severities.Medium : Severities.Low,
                share,
                $"{Subject(pod, container)} was throttled in {Percent(share)} of its CPU periods over the last 5 minutes " +
                $"(container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total{string.Concat(detail.Select(d => "; " + d))}).");
        }

        findings.AddTo(context);
    }

    private static (FindingResource Pod, string Container) Names(PrometheusSeries series)
        => (new FindingResource("Pod", series.Label("namespace")!, series.Label("pod")!), series.Label("container")!);

    private static string Subject(FindingResource pod, string container) => $"Container {container} of pod {pod.Namespace}/{pod.Name}";
}
