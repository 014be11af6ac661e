using K8sAiops.Activities.Inspect.Metrics;
using K8sAiops.Activities.Metrics;
using K8sAiops.Durable;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Inspect;

/// <summary>The input of <see cref="InspectMetrics"/>: the time the queries are evaluated at, fixed by the orchestration.</summary>
public sealed record InspectMetricsRequest(DateTimeOffset At);

/// <summary>
/// Activity: the Prometheus part of the inspection (<see cref="MetricsInspection"/>): the metrics checks and the forecasts,
/// evaluated at the time the orchestration passes in. Without <c>Collect:Prometheus:Url</c> it returns one note saying
/// these checks did not run; a Prometheus that fails is noted too (the inspection goes on with what the API gave). Read-only.
/// </summary>
public sealed class InspectMetrics(PrometheusClient client, IOptions<PrometheusOptions> prometheus, IOptions<MetricsInspectionOptions> options)
    : TaskActivity<InspectMetricsRequest, MetricsInspectionResult>
{
    public const string NotConfigured =
        $"Prometheus is not configured ({PrometheusOptions.Section}:Url), so the metrics checks and the forecasts did not run.";

    public override Task<MetricsInspectionResult> RunAsync(TaskActivityContext context, InspectMetricsRequest input)
    {
        if (!prometheus.Value.Enabled)
            return Task.FromResult(new MetricsInspectionResult { Notes = [NotConfigured] });
        return MetricsInspection.InspectMetricsAsync(client, input.At, options.Value, ShutdownToken);
    }
}
