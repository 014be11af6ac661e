using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Inspect.Forecasts;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>What each group of metrics checks reads from and writes to during one inspection.</summary>
internal sealed class MetricsContext(MetricsReader reader, MetricsInspectionOptions options)
{
    public MetricsReader Reader => reader;

    public MetricsInspectionOptions Options => options;

    public Forecaster Forecaster { get; } = new(options.Forecast);

    public List<InspectionFinding> Findings { get; } = [];

    /// <summary>Every forecast made, reported kinds or not; <see cref="ForecastSelection"/> picks the ones the report lists.</summary>
    public List<Forecast> Forecasts { get; } = [];

    public void Add(CheckDefinition check, string severity, FindingResource resource, string message, string? category = null)
    {
        var finding = check.Finding(resource, message, severity);
        Findings.Add(category is null ? finding : finding with { Category = category });
    }
}
