using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// The daily inspection's look at Prometheus: PVC usage, containers near their memory limit or throttled, nodes whose
/// memory or root filesystem runs out within a week, and forecasts of PVCs, container memory and node headroom. Instant
/// queries are evaluated at <c>now</c>; range queries cover <see cref="MetricsInspectionOptions.Window"/> (rounded up to whole steps) up
/// to <c>now</c> at the step that keeps at most 300 points per series. Queries run one after another, to be gentle on a shared Prometheus.
/// A failed query becomes a note naming what it left unchecked; once Prometheus is unreachable the rest is skipped with
/// one note. Only cancellation is thrown. The checks are listed in <see cref="MetricsChecks.All"/>.
/// </summary>
public static class MetricsInspection
{
    public static async Task<MetricsInspectionResult> InspectMetricsAsync(
        PrometheusClient client, DateTimeOffset now, MetricsInspectionOptions options, CancellationToken cancellationToken = default)
    {
        // Back from now by whole steps, so the last point of every range is now itself.
        var step = QueryWindow.StepFor(options.Window);
        var window = new QueryWindow(now - step * Math.Ceiling(options.Window / step), now, step);
        var notes = new List<string>();
        var context = new MetricsContext(new MetricsReader(client, window, notes), options);

        await PvcChecks.InspectAsync(context, cancellationToken);
        await ContainerChecks.InspectAsync(context, cancellationToken);
        await NodeChecks.InspectAsync(context, cancellationToken);

        var (forecasts, note) = ForecastSelection.Select(context.Forecasts, options);
        if (note is not null)
        {
            notes.Add(note);
        }

        return new MetricsInspectionResult
        {
            Findings = [.. context.Findings
                .OrderBy(f => Severities.Rank(f.Severity))
                .ThenBy(f => f.Id, StringComparer.Ordinal)],
            Forecasts = forecasts,
            Notes = notes,
        };
    }
}
