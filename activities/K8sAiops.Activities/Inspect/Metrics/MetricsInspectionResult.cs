namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>What the metrics inspection found, what it forecasts, and what it could not read or check.</summary>
public sealed record MetricsInspectionResult
{
    /// <summary>One finding per check and object, worst first; points and status are left to the scorer.</summary>
    public List<InspectionFinding> Findings { get; init; } = [];

    /// <summary>The forecasts the report lists (see <see cref="MetricsInspectionOptions.ForecastHorizon"/>), soonest first.</summary>
    public List<Forecast> Forecasts { get; init; } = [];

    public List<string> Notes { get; init; } = [];
}
