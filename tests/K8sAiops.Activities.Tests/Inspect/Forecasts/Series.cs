using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Tests.Inspect.Forecasts;

/// <summary>Synthetic series for the forecast tests: evenly spaced samples of a function of the hours since the start, plus seeded noise.</summary>
internal static class Series
{
    public const double MiB = 1024 * 1024;
    public const double GiB = 1024 * MiB;

    public static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<PrometheusSample> Of(double hours, TimeSpan step, Func<double, double> value, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new List<PrometheusSample>();
        for (var at = TimeSpan.Zero; at.TotalHours <= hours + 1e-9; at += step)
        {
            samples.Add(new PrometheusSample(Start + at, value(at.TotalHours) + noise * Gaussian(random)));
        }

        return samples;
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
