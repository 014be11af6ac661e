using K8sAiops.Activities.Inspect.Forecasts;

namespace K8sAiops.Activities.Tests.Inspect.Forecasts;

public sealed class LinearFitTests
{
    [Fact]
    public void Fit_ExactLine_RecoversSlopeAndInterceptWithNoError()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        var y = x.Select(v => 3 + 2 * v).ToArray();

        var fit = LinearFit.Fit(x, y)!;

        Assert.Equal(2, fit.Slope, 9);
        Assert.Equal(3, fit.Intercept, 9);
        Assert.Equal(0, fit.SlopeStandardError, 9);
        Assert.True(fit.GrowsSignificantly);
        Assert.Equal(3.5, fit.CrossingAt(10)!.Value, 9);
        var (low, high) = fit.CrossingRange(10)!.Value;
        Assert.Equal(3.5, low, 6);
        Assert.Equal(3.5, high, 6);
    }

    [Fact]
    public void Fit_FewerThanThreePoints_IsNull()
    {
        Assert.Null(LinearFit.Fit([0, 1], [1, 2]));
        Assert.Null(LinearFit.Fit([2, 2, 2], [1, 2, 3]));
    }

    [Fact]
    public void CrossingRange_NoisyLine_BracketsTheTrueCrossingAroundTheEstimate()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 100).Select(i => i * 0.1).ToArray();
        var y = x.Select(v => 100 + 5 * v + 2 * Series.Gaussian(random)).ToArray();

        var fit = LinearFit.Fit(x, y)!;
        var crossing = fit.CrossingAt(200)!.Value;
        var (low, high) = fit.CrossingRange(200)!.Value;

        Assert.InRange(fit.Slope, 4.5, 5.5);
        Assert.InRange(crossing, 18, 22);
        Assert.True(low < crossing && crossing < high, $"{low} < {crossing} < {high}");
        Assert.InRange(20, low, high);
    }

    [Fact]
    public void CrossingRange_FlatNoise_IsNullBecauseTheSlopeIsNotSignificant()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var y = x.Select(_ => 100 + Series.Gaussian(random)).ToArray();

        var fit = LinearFit.Fit(x, y)!;

        Assert.False(fit.GrowsSignificantly);
        Assert.Null(fit.CrossingRange(200));
    }

    [Theory]
    [InlineData(10, 1.8125)]
    [InlineData(30, 1.6973)]
    [InlineData(286, 1.6502)]
    public void T90_MatchesStudentTTables(int count, double expected)
    {
        double[] x = [.. Enumerable.Range(0, count + 2).Select(i => (double)i)];

        var fit = LinearFit.Fit(x, [.. x.Select(v => v * v)])!;

        Assert.Equal(expected, fit.T90, 3);
    }
}
