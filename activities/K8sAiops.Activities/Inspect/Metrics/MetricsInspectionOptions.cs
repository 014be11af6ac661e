using System.ComponentModel.DataAnnotations;
using K8sAiops.Activities.Inspect.Forecasts;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>The thresholds of the metrics checks, the window the forecasts look back over, and which forecasts the report keeps.</summary>
public sealed class MetricsInspectionOptions : IValidatableObject
{
    public const string Section = "Inspection:Metrics";

    /// <summary>How far back the range queries (and so the forecasts) look; the step keeps each series at or under 300 points.</summary>
    /// <value>24 hours.</value>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>pvc-usage-high</c> fires, medium, above this share of the capacity used.</summary>
    /// <value>0.85.</value>
    [Range(0.01, 1.0)]
    public double PvcUsageMedium { get; set; } = 0.85;

    /// <summary><c>pvc-usage-high</c> is high above this share.</summary>
    /// <value>0.95.</value>
    [Range(0.01, 1.0)]
    public double PvcUsageHigh { get; set; } = 0.95;

    /// <summary>At or above this share a PVC counts as full: the finding's category is the taxonomy's <c>disk-full</c>.</summary>
    /// <value>0.99.</value>
    [Range(0.01, 1.0)]
    public double PvcFull { get; set; } = 0.99;

    /// <summary><c>memory-near-limit</c> fires, medium, above this share of the memory limit.</summary>
    /// <value>0.90.</value>
    [Range(0.01, 1.0)]
    public double MemoryNearLimitMedium { get; set; } = 0.90;

    /// <summary><c>memory-near-limit</c> is high above this share.</summary>
    /// <value>0.97.</value>
    [Range(0.01, 1.0)]
    public double MemoryNearLimitHigh { get; set; } = 0.97;

    /// <summary><c>cpu-throttling</c> fires, low, above this share of CFS periods throttled over 5 minutes (the mixin's 25 %).</summary>
    /// <value>0.25.</value>
    [Range(0.01, 1.0)]
    public double CpuThrottlingLow { get; set; } = 0.25;

    /// <summary><c>cpu-throttling</c> is medium above this share.</summary>
    /// <value>0.50.</value>
    [Range(0.01, 1.0)]
    public double CpuThrottlingMedium { get; set; } = 0.50;

    /// <summary><c>node-memory-trend</c> and <c>node-disk-trend</c> fire, medium, when the forecast runs out within this time.</summary>
    /// <value>7 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan TrendWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The node trend findings are high when the forecast runs out within this time.</summary>
    /// <value>1 day.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan TrendHighWithin { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The report keeps the forecasts that reach their limit within this time (soonest first).</summary>
    /// <value>30 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan ForecastHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A series with too little data to forecast is listed (as "not enough data") only when it is already at or above this
    /// share of its limit; the others are only counted in a note, so a fresh deployment does not list every new pod.
    /// </summary>
    /// <value>0.80.</value>
    [Range(0.0, 1.0)]
    public double ListUnforecastAbove { get; set; } = 0.80;

    /// <summary>The most forecasts the report lists; those reaching their limit soonest come first.</summary>
    /// <value>50.</value>
    [Range(0, 10_000)]
    public int MaxForecasts { get; set; } = 50;

    /// <summary>When a series is long enough to forecast and which fit is used.</summary>
    public ForecastOptions Forecast { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PvcUsageHigh < PvcUsageMedium)
        {
            yield return new($"{nameof(PvcUsageHigh)} ({PvcUsageHigh}) is below {nameof(PvcUsageMedium)} ({PvcUsageMedium}).", [nameof(PvcUsageHigh)]);
        }

        if (MemoryNearLimitHigh < MemoryNearLimitMedium)
        {
            yield return new(
                $"{nameof(MemoryNearLimitHigh)} ({MemoryNearLimitHigh}) is below {nameof(MemoryNearLimitMedium)} ({MemoryNearLimitMedium}).",
                [nameof(MemoryNearLimitHigh)]);
        }

        if (CpuThrottlingMedium < CpuThrottlingLow)
        {
            yield return new(
                $"{nameof(CpuThrottlingMedium)} ({CpuThrottlingMedium}) is below {nameof(CpuThrottlingLow)} ({CpuThrottlingLow}).",
                [nameof(CpuThrottlingMedium)]);
        }

        if (TrendHighWithin > TrendWithin)
        {
            yield return new($"{nameof(TrendHighWithin)} ({TrendHighWithin}) is longer than {nameof(TrendWithin)} ({TrendWithin}).", [nameof(TrendHighWithin)]);
        }

        if (Window < Forecast.MinWindow)
        {
            yield return new(
                $"{nameof(Window)} ({Window}) is shorter than {nameof(Forecast)}:{nameof(ForecastOptions.MinWindow)} ({Forecast.MinWindow}), so nothing could be forecast.",
                [nameof(Window)]);
        }

        var forecast = new List<ValidationResult>();
        if (!Validator.TryValidateObject(Forecast, new ValidationContext(Forecast), forecast, validateAllProperties: true))
        {
            foreach (var result in forecast)
            {
                yield return new($"{nameof(Forecast)}: {result.ErrorMessage}", [.. result.MemberNames.Select(m => $"{nameof(Forecast)}:{m}")]);
            }
        }
    }
}
