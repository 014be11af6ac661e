namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>
/// An ordinary least-squares line <c>y = Intercept + Slope·x</c> through (x, y) points, with what its confidence ranges
/// need: the residual standard error <c>s = √(SSE / (n − 2))</c> and the slope's standard error <c>s / √Sxx</c>.
/// The forecasts use x in hours since the first sample, so the slope is per hour.
/// </summary>
public sealed record LinearFit
{
    public required int Count { get; init; }

    public required double Intercept { get; init; }

    public required double Slope { get; init; }

    /// <summary>The standard error of <see cref="Slope"/>: <c>s / √Sxx</c>.</summary>
    public required double SlopeStandardError { get; init; }

    /// <summary>The residual standard error <c>s = √(Σ(y − ŷ)² / (n − 2))</c>, in the units of y.</summary>
    public required double ResidualStandardError { get; init; }

    public required double MeanX { get; init; }

    public required double MeanY { get; init; }

    /// <summary><c>Sxx = Σ(x − x̄)²</c>.</summary>
    public required double SumOfSquaresX { get; init; }

    /// <summary>The two-sided 90 % Student-t factor for the fit's n − 2 degrees of freedom.</summary>
    public double T90 => StudentT.Quantile95(Count - 2);

    public double ValueAt(double x) => Intercept + Slope * x;

    /// <summary>
    /// True when the slope is above 0 with 90 % two-sided confidence (95 % one-sided): <c>Slope − t·SE &gt; 0</c>.
    /// A flat, shrinking or too noisy series is not growing.
    /// </summary>
    public bool GrowsSignificantly => Slope - T90 * SlopeStandardError > 0;

    /// <summary>
    /// Fits the line; null with fewer than 3 points (no residual error is left to judge it by) or when every x is the same.
    /// Works on centred values, so large timestamps or byte counts lose no precision.
    /// </summary>
    public static LinearFit? Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}.", nameof(y));
        }

        var n = x.Length;
        if (n < 3)
        {
            return null;
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (y[i] - meanY);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var residual = y[i] - meanY - slope * (x[i] - meanX);
            sse += residual * residual;
        }

        var s = Math.Sqrt(sse / (n - 2));
        return new LinearFit
        {
            Count = n,
            Intercept = meanY - slope * meanX,
            Slope = slope,
            SlopeStandardError = s / Math.Sqrt(sxx),
            ResidualStandardError = s,
            MeanX = meanX,
            MeanY = meanY,
            SumOfSquaresX = sxx,
        };
    }

    /// <summary>Where the line reaches <paramref name="limit"/>: <c>x̄ + (limit − ȳ) / Slope</c>; null when the slope is not above 0.</summary>
    public double? CrossingAt(double limit) => Slope > 0 ? MeanX + (limit - MeanY) / Slope : null;

    /// <summary>
    /// The 90 % range of the x at which the line reaches <paramref name="limit"/>, by inverse prediction (Fieller's
    /// method, as in Draper &amp; Smith's "Applied Regression Analysis" §3.2): the x values where the 90 % confidence band
    /// of the line, <c>ŷ(x) ± t·s·√(1/n + (x − x̄)²/Sxx)</c>, meets the limit. The upper edge of the band meets it first
    /// (the early end), the lower edge last (the late end). With <c>u = x − x̄</c>, <c>d = ȳ − limit</c> and
    /// <c>g = t²s²</c> the edges meet the limit where <c>(b² − g/Sxx)·u² + 2bd·u + d² − g/n = 0</c>. The range is bounded
    /// exactly when <c>b² &gt; g/Sxx</c>, that is when the slope is significantly above 0 (<see cref="GrowsSignificantly"/>);
    /// otherwise null. It accounts for the uncertainty of the line's level as well as its slope, but it assumes
    /// independent residuals: real series are autocorrelated, so the range is narrower than it should be.
    /// </summary>
    public (double Low, double High)? CrossingRange(double limit)
    {
        if (!GrowsSignificantly)
        {
            return null;
        }

        var t = T90;
        var g = t * t * ResidualStandardError * ResidualStandardError;
        var d = MeanY - limit;
        var a = Slope * Slope - g / SumOfSquaresX;
        var b = 2 * Slope * d;
        var c = d * d - g / Count;
        var root = Math.Sqrt(Math.Max(0, b * b - 4 * a * c));
        var low = (-b - root) / (2 * a);
        var high = (-b + root) / (2 * a);
        return (MeanX + low, MeanX + high);
    }
}
