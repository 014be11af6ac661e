using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Inspect.Forecasts;
using static K8sAiops.Activities.Inspect.Forecasts.Quantities;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// <c>node-memory-trend</c> and <c>node-disk-trend</c> from node-exporter, and the <c>node-headroom</c> forecasts (the
/// containers' working set against the node's allocatable memory).
/// </summary>
internal static class NodeChecks
{
    private static readonly string[] Key = ["node"];

    public static async Task InspectAsync(MetricsContext context, CancellationToken cancellationToken)
    {
        await TrendAsync(
            context,
            MetricsChecks.NodeMemoryTrend,
            ForecastKinds.NodeMemory,
            MetricsQueries.NodeMemoryTotal,
            MetricsQueries.NodeMemoryUsed,
            (free, total) => $"{Bytes(free)} of {Bytes(total)} available now (node_memory_MemAvailable_bytes of node_memory_MemTotal_bytes)",
            cancellationToken);
        await TrendAsync(
            context,
            MetricsChecks.NodeDiskTrend,
            ForecastKinds.NodeDisk,
            MetricsQueries.NodeRootSize,
            MetricsQueries.NodeRootUsed,
            (free, total) => $"{Bytes(free)} of {Bytes(total)} free now (node_filesystem_avail_bytes of node_filesystem_size_bytes, mountpoint \"/\")",
            cancellationToken);
        await HeadroomAsync(context, cancellationToken);
    }

    /// <summary>Forecasts the used amount of every node against its total and reports the nodes that run out within <see cref="MetricsInspectionOptions.TrendWithin"/>.</summary>
    private static async Task TrendAsync(
        MetricsContext context,
        CheckDefinition check,
        string kind,
        string totalQuery,
        string usedQuery,
        Func<double, double, string> now,
        CancellationToken cancellationToken)
    {
        var totals = SeriesValues.Latest(await context.Reader.InstantAsync(totalQuery, check.Id, cancellationToken), Key);
        if (totals.Count == 0)
        {
            return;
        }

        var options = context.Options;
        foreach (var (node, used) in SeriesValues.ByKey(await context.Reader.RangeAsync(usedQuery, check.Id, cancellationToken), Key))
        {
            if (!totals.TryGetValue(node, out var total) || total <= 0)
            {
                continue;
            }

            var resource = new FindingResource("Node", "", node);
            var forecast = context.Forecaster.Predict(kind, resource, used.Samples, total, usedQuery);
            context.Forecasts.Add(forecast);
            if (forecast.HoursToLimit is { } hours && hours <= options.TrendWithin.TotalHours)
            {
                context.Add(
                    check,
                    hours <= options.TrendHighWithin.TotalHours ? Severities.High : Severities.Medium,
                    resource,
                    $"{forecast.Message}; {now(Math.Max(0, total - forecast.Current), total)}.");
            }
        }
    }

    private static async Task HeadroomAsync(MetricsContext context, CancellationToken cancellationToken)
    {
        const string forecasts = "node-headroom forecasts";
        var allocatable = SeriesValues.Latest(await context.Reader.InstantAsync(MetricsQueries.NodeAllocatableMemory, forecasts, cancellationToken), Key);
        if (allocatable.Count == 0)
        {
            return;
        }

        foreach (var (node, used) in SeriesValues.ByKey(await context.Reader.RangeAsync(MetricsQueries.NodePodsWorkingSet, forecasts, cancellationToken), Key))
        {
            if (allocatable.TryGetValue(node, out var limit) && limit > 0)
            {
                context.Forecasts.Add(context.Forecaster.Predict(
                    ForecastKinds.NodeHeadroom, new FindingResource("Node", "", node), used.Samples, limit, MetricsQueries.NodePodsWorkingSet));
            }
        }
    }
}
