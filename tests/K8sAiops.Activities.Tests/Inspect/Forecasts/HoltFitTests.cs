using K8sAiops.Activities.Inspect.Forecasts;

namespace K8sAiops.Activities.Tests.Inspect.Forecasts;

public sealed class HoltFitTests
{
    [Fact]
    public void Fit_SlopeChangesHalfway_TrendFollowsTheNewSlope()
    {
        var samples = Series.Of(24, TimeSpan.FromMinutes(5), h => h < 12 ? 100 + h : 112 + 10 * (h - 12), noise: 0.05);
        var hours = samples.Select(s => (s.Timestamp - Series.Start).TotalHours).ToArray();
        var values = samples.Select(s => s.Value).ToArray();

        var fit = HoltFit.Fit(hours, values)!;

        Assert.InRange(fit.Trend, 9, 11);
        Assert.InRange(fit.Level, 231, 233);
        Assert.InRange(fit.StepHours, 5.0 / 60 - 1e-9, 5.0 / 60 + 1e-9);
        Assert.InRange(fit.HoursTo(332)!.Value, 9, 11);
    }

    [Fact]
    public void CrossingRange_GrowingSeries_BracketsTheEstimate()
    {
        var samples = Series.Of(24, TimeSpan.FromMinutes(5), h => h < 12 ? 100 : 100 + 10 * (h - 12), noise: 0.5);
        var hours = samples.Select(s => (s.Timestamp - Series.Start).TotalHours).ToArray();
        var values = samples.Select(s => s.Value).ToArray();
        var fit = HoltFit.Fit(hours, values)!;

        var central = fit.HoursTo(320)!.Value;
        var (low, high) = fit.CrossingRange(320)!.Value;

        Assert.True(low < central, $"{low} < {central}");
        Assert.True(high is null || high > central, $"{high} > {central}");
    }

    [Fact]
    public void Fit_FallingSeries_HasNoCrossing()
    {
        var samples = Series.Of(6, TimeSpan.FromMinutes(5), h => 500 - 10 * h);
        var hours = samples.Select(s => (s.Timestamp - Series.Start).TotalHours).ToArray();

        var fit = HoltFit.Fit(hours, [.. samples.Select(s => s.Value)])!;

        Assert.True(fit.Trend < 0);
        Assert.Null(fit.HoursTo(1000));
        Assert.Null(fit.CrossingRange(1000));
    }

    [Fact]
    public void Fit_FewerThanFourSamples_IsNull()
    {
        Assert.Null(HoltFit.Fit([0, 1, 2], [1, 2, 3]));
    }
}
