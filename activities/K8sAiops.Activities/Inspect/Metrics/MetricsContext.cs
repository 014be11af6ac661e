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

    public void Add(MetricsCheck check, string severity, FindingResource resource, string message, string? category = null)
        => Findings.Add(new InspectionFinding
        {
            Id = InspectionFinding.MakeId(check.Id, resource),
            Check = check.Id,
            Category = category ?? check.Category,
            Group = check.Group,
            Severity = severity,
            Resource = resource,
            Message = message,
            Fix = check.Fix,
        });
}
