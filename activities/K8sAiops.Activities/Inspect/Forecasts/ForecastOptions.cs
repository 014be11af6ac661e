using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>When a series is long enough to forecast, and when Holt's smoothing is preferred to a line.</summary>
public sealed class ForecastOptions
{
    /// <summary>The fewest usable samples (finite values) a forecast needs.</summary>
    /// <value>12.</value>
    [Range(4, 100_000)]
    public int MinSamples { get; set; } = 12;

    /// <summary>The shortest time between the first and the last sample a forecast needs.</summary>
    /// <value>1 hour.</value>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MinWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Holt's smoothing is used instead of the line only when its one-step-ahead error (root mean square) is below this
    /// share of the line's residual standard error, i.e. when it clearly fits better.
    /// </summary>
    /// <value>0.5: Holt must halve the error.</value>
    [Range(0.01, 1.0)]
    public double HoltAdvantage { get; set; } = 0.5;
}
