namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>
/// Holt's linear trend method (double exponential smoothing): a level and a trend per hour, updated at every sample
/// <c>t</c> that comes <c>Δ</c> hours after the previous one:
/// <code>
/// forecast  ŷ = level + trend·Δ
/// level'    = α·y + (1 − α)·ŷ
/// trend'    = β·(level' − level)/Δ + (1 − β)·trend
/// </code>
/// It starts from the first value and the least-squares slope of the first tenth of the series (at least 3 samples), and
/// takes α and β from a grid (<see cref="Alphas"/> × <see cref="Betas"/>) by the smallest one-step-ahead squared error:
/// each sample is forecast from the ones before it. Unlike a line, it follows a series whose growth has changed.
/// </summary>
public sealed record HoltFit
{
    /// <summary>The level weights tried: 0.1 … 1.0.</summary>
    public static IReadOnlyList<double> Alphas { get; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>The trend weights tried.</summary>
    public static IReadOnlyList<double> Betas { get; } = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

    public required int Count { get; init; }

    public required double Alpha { get; init; }

    public required double Beta { get; init; }

    /// <summary>The smoothed level at the last sample.</summary>
    public required double Level { get; init; }

    /// <summary>The smoothed trend at the last sample, per hour.</summary>
    public required double Trend { get; init; }

    /// <summary>The root mean square of the one-step-ahead errors, in the units of the values.</summary>
    public required double OneStepError { get; init; }

    /// <summary>The median time between samples, in hours: one step of the forecast horizon.</summary>
    public required double StepHours { get; init; }

    /// <summary>
    /// Fits the smoothing; null with fewer than 4 samples (one to start from, two for the first trend, one to score).
    /// <paramref name="hours"/> must increase; a sample no later than the one before it is skipped.
    /// </summary>
    public static HoltFit? Fit(ReadOnlySpan<double> hours, ReadOnlySpan<double> values)
    {
        if (hours.Length != values.Length)
        {
            throw new ArgumentException($"hours has {hours.Length} values but values has {values.Length}.", nameof(values));
        }

        if (hours.Length < 4)
        {
            return null;
        }

        var head = Math.Max(3, hours.Length / 10);
        var initialTrend = LinearFit.Fit(hours[..head], values[..head])?.Slope ?? 0;
        HoltFit? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        {
            foreach (var beta in Betas)
            {
                var (level, trend, error, scored) = Smooth(hours, values, alpha, beta, initialTrend);
                if (scored > 0 && error < bestError)
                {
                    bestError = error;
                    best = new HoltFit
                    {
                        Count = hours.Length,
                        Alpha = alpha,
                        Beta = beta,
                        Level = level,
                        Trend = trend,
                        OneStepError = Math.Sqrt(error / scored),
                        StepHours = MedianStep(hours),
                    };
                }
            }
        }

        return best;
    }

    /// <summary>The forecast <paramref name="hoursAhead"/> after the last sample: <c>level + trend·h</c>.</summary>
    public double ValueAfter(double hoursAhead) => Level + Trend * hoursAhead;

    /// <summary>Hours after the last sample until the forecast reaches <paramref name="limit"/> (0 when it is there already); null when the trend is not above 0.</summary>
    public double? HoursTo(double limit) => Trend > 0 ? Math.Max(0, (limit - Level) / Trend) : null;

    /// <summary>
    /// The standard deviation of the forecast <paramref name="hoursAhead"/> after the last sample, from the state-space
    /// form of Holt's method (ETS(A,A,N); Hyndman et al., "Forecasting with Exponential Smoothing", 2008, table 6.1):
    /// with <c>h</c> in steps and <c>β* = α·β</c>, <c>σ_h² = σ²·(1 + (h − 1)·(α² + α·β*·h + β*²·h·(2h − 1)/6))</c>, σ being
    /// <see cref="OneStepError"/>. It grows faster than the trend, so far enough ahead the forecast says nothing.
    /// </summary>
    public double ForecastError(double hoursAhead)
    {
        var h = Math.Max(1, hoursAhead / StepHours);
        var betaStar = Alpha * Beta;
        var factor = 1 + (h - 1) * (Alpha * Alpha + Alpha * betaStar * h + betaStar * betaStar * h * (2 * h - 1) / 6);
        return OneStepError * Math.Sqrt(factor);
    }

    /// <summary>
    /// The 90 % range of the hours after the last sample until the limit is reached: the early end is where the upper
    /// edge of the forecast's 90 % band (<c>ŷ + 1.645·σ_h</c>) reaches the limit, the late end where the lower edge does.
    /// The late end is null when the lower edge never gets there within <paramref name="searchHours"/> (the band widens
    /// faster than the trend climbs, so the data cannot rule out that the limit is never reached). Null altogether when the
    /// trend is not above 0.
    /// </summary>
    public (double Low, double? High)? CrossingRange(double limit, double searchHours = 10 * 365 * 24)
    {
        if (HoursTo(limit) is not { } central)
        {
            return null;
        }

        const double z = StudentT.Z95;
        var low = FirstAtOrAbove(h => ValueAfter(h) + z * ForecastError(h), limit, 0, central);
        double? high = null;
        var previous = central;
        for (var h = Math.Max(central, StepHours) * 1.05; h <= searchHours; h *= 1.05)
        {
            if (ValueAfter(h) - z * ForecastError(h) >= limit)
            {
                high = FirstAtOrAbove(x => ValueAfter(x) - z * ForecastError(x), limit, previous, h);
                break;
            }

            previous = h;
        }

        return (low, high);
    }

    private static (double Level, double Trend, double SquaredError, int Scored) Smooth(
        ReadOnlySpan<double> hours, ReadOnlySpan<double> values, double alpha, double beta, double initialTrend)
    {
        var level = values[0];
        var trend = initialTrend;
        var last = hours[0];
        double squaredError = 0;
        var scored = 0;
        for (var i = 1; i < hours.Length; i++)
        {
            var step = hours[i] - last;
            if (step <= 0)
            {
                continue;
            }

            var forecast = level + trend * step;
            var error = values[i] - forecast;
            squaredError += error * error;
            scored++;
            var nextLevel = alpha * values[i] + (1 - alpha) * forecast;
            trend = beta * (nextLevel - level) / step + (1 - beta) * trend;
            level = nextLevel;
            last = hours[i];
        }

        return (level, trend, squaredError, scored);
    }

    private static double MedianStep(ReadOnlySpan<double> hours)
    {
        var steps = new double[hours.Length - 1];
        for (var i = 1; i < hours.Length; i++)
        {
            steps[i - 1] = hours[i] - hours[i - 1];
        }

        Array.Sort(steps);
        var median = steps[steps.Length / 2];
        return median > 0 ? median : 1;
    }

    /// <summary>The first x in [from, to] where f(x) ≥ target, by bisection, assuming f(from) &lt; target ≤ f(to) or f(from) ≥ target.</summary>
    private static double FirstAtOrAbove(Func<double, double> f, double target, double from, double to)
    {
        if (f(from) >= target)
        {
            return from;
        }

        for (var i = 0; i < 60 && to - from > 1e-6; i++)
        {
            var middle = (from + to) / 2;
            if (f(middle) >= target)
            {
                to = middle;
            }
            else
            {
                from = middle;
            }
        }

        return to;
    }
}
