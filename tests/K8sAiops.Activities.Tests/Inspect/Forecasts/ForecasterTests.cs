using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Forecasts;
using K8sAiops.Activities.Metrics;
using static K8sAiops.Activities.Tests.Inspect.Forecasts.Series;

namespace K8sAiops.Activities.Tests.Inspect.Forecasts;

public sealed class ForecasterTests
{
    private const string Query = "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes)";
    private static readonly FindingResource Pvc = new("PersistentVolumeClaim", "shop", "data-postgres-0");
    private readonly Forecaster _forecaster = new();

    [Fact]
    public void Predict_ExactLine_ReachesTheLimitWhenTheSlopeSays()
    {
        // 5 GiB used of 10 GiB at the end, growing 5 GiB per 148.8 h: full in 6.2 days.
        const double slope = 5 * GiB / 148.8;
        var samples = Of(6, TimeSpan.FromMinutes(5), h => 5 * GiB - slope * (6 - h));

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.True(forecast.EnoughData);
        Assert.Null(forecast.Reason);
        Assert.Equal(ForecastFits.Linear, forecast.Fit);
        Assert.Equal(73, forecast.Samples);
        Assert.Equal(Start, forecast.WindowStart);
        Assert.Equal(Start.AddHours(6), forecast.WindowEnd);
        Assert.Equal(5 * GiB, forecast.Current, 1);
        Assert.Equal(10 * GiB, forecast.Limit);
        Assert.Equal(slope, forecast.SlopePerHour, slope * 1e-9);
        Assert.Equal(148.8, forecast.HoursToLimit!.Value, 6);
        Assert.Equal(Query, forecast.Query);
        Assert.Equal("PVC shop/data-postgres-0 is full in 6.2 days (6.2\u20136.2 days, linear fit over 6 h)", forecast.Message);
    }

    [Fact]
    public void Predict_NoisyLine_IsWithinTenPercentAndTheRangeHoldsTheTruth()
    {
        // 24 h at 5 min, 34.4 MiB/h with 20 MiB of noise: the truth is 148.8 h from the last sample.
        const double slope = 5 * GiB / 148.8;
        var samples = Of(24, TimeSpan.FromMinutes(5), h => 5 * GiB - slope * (24 - h), noise: 20 * MiB, seed: 42);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.Equal(ForecastFits.Linear, forecast.Fit);
        Assert.InRange(forecast.SlopePerHour, slope * 0.9, slope * 1.1);
        Assert.InRange(forecast.HoursToLimit!.Value, 148.8 * 0.9, 148.8 * 1.1);
        Assert.InRange(148.8, forecast.HoursLow!.Value, forecast.HoursHigh!.Value);
        Assert.True(forecast.HoursLow < forecast.HoursToLimit && forecast.HoursToLimit < forecast.HoursHigh);
        Assert.Matches(@"^PVC shop/data-postgres-0 is full in 6\.\d days \(\d\.\d\u2013\d\.\d days, linear fit over 24 h\)$", forecast.Message);
    }

    [Fact]
    public void Predict_ManyNoisyLines_TheNinetyPercentRangeHoldsTheTruthAboutNineTimesInTen()
    {
        const double slope = 5 * GiB / 148.8;
        var inside = 0;
        for (var seed = 1; seed <= 200; seed++)
        {
            var samples = Of(6, TimeSpan.FromMinutes(5), h => 5 * GiB - slope * (6 - h), noise: 100 * MiB, seed: seed);

            var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

            if (forecast.HoursLow <= 148.8 && 148.8 <= forecast.HoursHigh)
            {
                inside++;
            }
        }

        Assert.InRange(inside, 160, 195);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Predict_NoisyLineWithAnySeed_IsWithinTenPercent(int seed)
    {
        const double slope = 50 * MiB;
        var samples = Of(12, TimeSpan.FromMinutes(2), h => 1 * GiB + slope * h, noise: 30 * MiB, seed: seed);
        var truth = (4 * GiB - (1 * GiB + slope * 12)) / slope;

        var forecast = _forecaster.Predict(ForecastKinds.MemoryLimit, new("Pod", "shop", "cart-7d9f-abcde"), samples, 4 * GiB, "q");

        Assert.InRange(forecast.HoursToLimit!.Value, truth * 0.9, truth * 1.1);
    }

    [Fact]
    public void Predict_SlopeChangesHalfway_UsesHoltAndFollowsTheNewSlope()
    {
        // Flat at 2 GiB for 12 h, then 200 MiB/h: at the end 4.34 GiB, and 8 GiB is (8 GiB − 4.34 GiB) / 200 MiB/h = 18.7 h away.
        var samples = Of(24, TimeSpan.FromMinutes(5), h => h < 12 ? 2 * GiB : 2 * GiB + 200 * MiB * (h - 12), noise: 1 * MiB, seed: 5);
        var truth = (8 * GiB - (2 * GiB + 200 * MiB * 12)) / (200 * MiB);

        var forecast = _forecaster.Predict(ForecastKinds.NodeHeadroom, new("Node", "", "worker-1"), samples, 8 * GiB, "q");

        Assert.Equal(ForecastFits.Holt, forecast.Fit);
        Assert.InRange(forecast.SlopePerHour, 200 * MiB * 0.9, 200 * MiB * 1.1);
        Assert.InRange(forecast.HoursToLimit!.Value, truth * 0.9, truth * 1.1);
        Assert.True(forecast.HoursLow <= forecast.HoursToLimit);
        Assert.StartsWith("Node worker-1 runs out of allocatable memory in 18.", forecast.Message, StringComparison.Ordinal);
        Assert.EndsWith("holt fit over 24 h)", forecast.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearFit_SameSlopeChange_WouldBeFarOffAndFitsWorseThanHolt()
    {
        var samples = Of(24, TimeSpan.FromMinutes(5), h => h < 12 ? 2 * GiB : 2 * GiB + 200 * MiB * (h - 12), noise: 1 * MiB, seed: 5);
        var hours = samples.Select(s => (s.Timestamp - Start).TotalHours).ToArray();
        var values = samples.Select(s => s.Value).ToArray();

        var line = LinearFit.Fit(hours, values)!;
        var holt = HoltFit.Fit(hours, values)!;

        Assert.True(line.CrossingAt(8 * GiB) - 24 > 18.7 * 1.2, $"the line says {line.CrossingAt(8 * GiB) - 24} h");
        Assert.True(holt.OneStepError < 0.5 * line.ResidualStandardError, $"holt {holt.OneStepError}, line {line.ResidualStandardError}");
    }

    [Fact]
    public void Predict_ShortSeries_SaysNotEnoughDataRatherThanGuessing()
    {
        var samples = Of(2, TimeSpan.FromMinutes(15), h => 5 * GiB + GiB * h);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.False(forecast.EnoughData);
        Assert.Equal(ForecastFits.None, forecast.Fit);
        Assert.Equal(9, forecast.Samples);
        Assert.Null(forecast.HoursToLimit);
        Assert.Equal("9 samples over 2 h; a forecast needs at least 12 samples over 1 h", forecast.Reason);
        Assert.Equal("PVC shop/data-postgres-0: not enough data to forecast (9 samples over 2 h)", forecast.Message);
        Assert.Equal(7 * GiB, forecast.Current);
    }

    [Fact]
    public void Predict_ManySamplesOverTooShortAWindow_SaysNotEnoughData()
    {
        var samples = Of(0.5, TimeSpan.FromSeconds(30), h => 5 * GiB + GiB * h);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.False(forecast.EnoughData);
        Assert.Equal("61 samples over 30 min; a forecast needs at least 12 samples over 1 h", forecast.Reason);
    }

    [Fact]
    public void Predict_ConfiguredMinimumWindow_IsHonoured()
    {
        var samples = Of(0.5, TimeSpan.FromSeconds(30), h => 5 * GiB + GiB * h);
        var forecaster = new Forecaster(new ForecastOptions { MinWindow = TimeSpan.FromMinutes(20) });

        var forecast = forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.True(forecast.EnoughData);
        Assert.Equal(4.5, forecast.HoursToLimit!.Value, 6);
    }

    [Fact]
    public void Predict_NoSamples_SaysNotEnoughData()
    {
        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, [], 10 * GiB, Query);

        Assert.False(forecast.EnoughData);
        Assert.Equal(0, forecast.Samples);
        Assert.Equal("0 samples over 0 min; a forecast needs at least 12 samples over 1 h", forecast.Reason);
    }

    [Fact]
    public void Predict_FlatNoisySeries_SaysNotGrowing()
    {
        var samples = Of(24, TimeSpan.FromMinutes(5), _ => 5 * GiB, noise: 50 * MiB, seed: 11);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.True(forecast.EnoughData);
        Assert.Equal(ForecastFits.Linear, forecast.Fit);
        Assert.Null(forecast.HoursToLimit);
        Assert.Null(forecast.HoursLow);
        Assert.Null(forecast.HoursHigh);
        Assert.StartsWith("not growing:", forecast.Reason, StringComparison.Ordinal);
        Assert.StartsWith("PVC shop/data-postgres-0 is not growing (", forecast.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_ExactlyFlatSeries_SaysNotGrowing()
    {
        var samples = Of(6, TimeSpan.FromMinutes(5), _ => 5 * GiB);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.True(forecast.EnoughData);
        Assert.Null(forecast.HoursToLimit);
        Assert.Equal(0, forecast.SlopePerHour);
        Assert.Equal("not growing: the line is flat or falling (+0 B/h)", forecast.Reason);
    }

    [Fact]
    public void Predict_ShrinkingSeries_SaysNotGrowing()
    {
        var samples = Of(6, TimeSpan.FromMinutes(5), h => 8 * GiB - 100 * MiB * h, noise: 5 * MiB);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.Null(forecast.HoursToLimit);
        Assert.True(forecast.SlopePerHour < 0);
        Assert.StartsWith("not growing: the line is flat or falling (-", forecast.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NonFiniteSamples_AreLeftOut()
    {
        var samples = Of(6, TimeSpan.FromMinutes(5), h => 1 * GiB + 100 * MiB * h);
        samples.Insert(10, new PrometheusSample(Start.AddMinutes(52), double.NaN));
        samples.Add(new PrometheusSample(Start.AddHours(7), double.PositiveInfinity));

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.Equal(73, forecast.Samples);
        Assert.Equal(Start.AddHours(6), forecast.WindowEnd);
        Assert.Equal((10 * GiB - (1 * GiB + 600 * MiB)) / (100 * MiB), forecast.HoursToLimit!.Value, 6);
    }

    [Fact]
    public void Predict_AlreadyPastTheLimit_IsZeroHoursAndSaysNow()
    {
        var samples = Of(6, TimeSpan.FromMinutes(5), h => 9 * GiB + 500 * MiB * h);

        var forecast = _forecaster.Predict(ForecastKinds.PvcFull, Pvc, samples, 10 * GiB, Query);

        Assert.Equal(0, forecast.HoursToLimit);
        Assert.Equal(0, forecast.HoursLow);
        Assert.Equal("PVC shop/data-postgres-0 is full now by the trend (linear fit over 6 h)", forecast.Message);
    }

    [Fact]
    public void Predict_ContainerSubject_NamesTheContainer()
    {
        var samples = Of(12, TimeSpan.FromMinutes(5), h => 256 * MiB + 10 * MiB * h);

        var forecast = _forecaster.Predict(
            ForecastKinds.MemoryLimit, new("Pod", "shop", "cart-7d9f-abcde"), samples, 512 * MiB, "q", "Container cart of pod shop/cart-7d9f-abcde");

        Assert.Equal("Container cart of pod shop/cart-7d9f-abcde reaches its memory limit in 13.6 h (13.6\u201313.6 h, linear fit over 12 h)", forecast.Message);
    }

    [Fact]
    public void Predict_LimitNotAboveZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _forecaster.Predict(ForecastKinds.PvcFull, Pvc, [], 0, Query));
    }
}
