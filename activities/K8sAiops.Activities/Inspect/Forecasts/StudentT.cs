namespace K8sAiops.Activities.Inspect.Forecasts;

/// <summary>The quantiles the fits' 90 % ranges use.</summary>
internal static class StudentT
{
    /// <summary>The standard normal's 95th percentile: a two-sided 90 % range is ±1.645 standard deviations.</summary>
    public const double Z95 = 1.6448536269514722;

    /// <summary>
    /// Student's t 95th percentile for <paramref name="degreesOfFreedom"/>, from the normal one by the Cornish–Fisher
    /// expansion (Abramowitz &amp; Stegun 26.7.5). Within 0.002 of the exact value from 5 degrees of freedom up, which the
    /// forecasts always have (they need at least a dozen samples).
    /// </summary>
    public static double Quantile95(double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        const double z = Z95;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        var n = degreesOfFreedom;
        return z
            + (z3 + z) / (4 * n)
            + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
    }
}
