using K8sAiops.Activities.Inspect.Forecasts;
using static K8sAiops.Activities.Inspect.Forecasts.Quantities;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary><c>pvc-usage-high</c> and the <c>pvc-full</c> forecasts, from the kubelet's volume stats.</summary>
internal static class PvcChecks
{
    private static readonly string[] Key = ["namespace", "persistentvolumeclaim"];

    public static async Task InspectAsync(MetricsContext context, CancellationToken cancellationToken)
    {
        var check = MetricsChecks.PvcUsageHigh;
        var capacitySeries = await context.Reader.InstantAsync(MetricsQueries.PvcCapacity, check.Id, cancellationToken);
        if (capacitySeries is null)
        {
            return;
        }

        var used = SeriesValues.Latest(await context.Reader.InstantAsync(MetricsQueries.PvcUsed, check.Id, cancellationToken), Key);
        var history = SeriesValues.ByKey(await context.Reader.RangeAsync(MetricsQueries.PvcUsed, "pvc-full forecasts", cancellationToken), Key);
        foreach (var series in capacitySeries)
        {
            if (SeriesValues.KeyOf(series, Key) is not { } key || SeriesValues.LatestValue(series) is not (> 0 and var capacity))
            {
                continue;
            }

            var resource = new FindingResource("PersistentVolumeClaim", series.Label("namespace")!, series.Label("persistentvolumeclaim")!);
            Forecast? forecast = null;
            if (history.TryGetValue(key, out var usedHistory))
            {
                forecast = context.Forecaster.Predict(ForecastKinds.PvcFull, resource, usedHistory.Samples, capacity, MetricsQueries.PvcUsed);
                context.Forecasts.Add(forecast);
            }

            if (!used.TryGetValue(key, out var bytes) || bytes / capacity <= context.Options.PvcUsageMedium)
            {
                continue;
            }

            var share = bytes / capacity;
            var trend = forecast?.HoursToLimit is { } hours && hours > 0 ? $"; at this rate it is full in {Duration(hours)}" : "";
            context.Add(
                check,
                share > context.Options.PvcUsageHigh ? Severities.High : Severities.Medium,
                resource,
                $"PVC {resource.Namespace}/{resource.Name} is {Percent(share)} full ({Bytes(bytes)} of {Bytes(capacity)} used, " +
                $"kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes){trend}.",
                share >= context.Options.PvcFull ? "disk-full" : null);
        }
    }
}
