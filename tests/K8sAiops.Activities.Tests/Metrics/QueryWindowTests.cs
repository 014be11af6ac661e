using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Tests.Metrics;

public sealed class QueryWindowTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AroundAlert_FiringForTwoHours_CoversThirtyMinutesEitherSideOfTheStart()
    {
        var startsAt = Now.AddHours(-2);

        var window = QueryWindow.AroundAlert(startsAt, endsAt: null, Now);

        Assert.Equal(startsAt.AddMinutes(-30), window.Start);
        Assert.Equal(startsAt.AddMinutes(30), window.End);
        Assert.Equal(TimeSpan.FromSeconds(13), window.Step);
        Assert.InRange(window.Points, 250, QueryWindow.MaxPoints);
    }

    [Fact]
    public void AroundAlert_JustFired_EndsNow()
    {
        var startsAt = Now.AddMinutes(-2);

        var window = QueryWindow.AroundAlert(startsAt, endsAt: null, Now);

        Assert.Equal(startsAt.AddMinutes(-30), window.Start);
        Assert.Equal(Now, window.End);
        Assert.True(window.Points <= QueryWindow.MaxPoints);
    }

    [Fact]
    public void AroundAlert_ResolvedAfterTenMinutes_EndsWhenItEnded()
    {
        var startsAt = Now.AddHours(-1);

        var window = QueryWindow.AroundAlert(startsAt, startsAt.AddMinutes(10), Now);

        Assert.Equal(startsAt.AddMinutes(10), window.End);
        Assert.Equal(TimeSpan.FromSeconds(9), window.Step);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2024-05-01T12:05:00Z")]
    public void AroundAlert_EndsAtZeroOrInTheFuture_MeansStillFiring(string endsAt)
    {
        var startsAt = Now.AddMinutes(-5);

        var window = QueryWindow.AroundAlert(startsAt, DateTimeOffset.Parse(endsAt, System.Globalization.CultureInfo.InvariantCulture), Now);

        Assert.Equal(Now, window.End);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(299, 1)]
    [InlineData(300, 2)]
    [InlineData(3600, 13)]
    [InlineData(86_400, 289)]
    public void StepFor_Span_IsTheSmallestWholeSecondKeepingAtMost300Points(int seconds, int expectedStep)
    {
        var step = QueryWindow.StepFor(TimeSpan.FromSeconds(seconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedStep), step);
        Assert.True(new QueryWindow(Now, Now.AddSeconds(seconds), step).Points <= QueryWindow.MaxPoints);
    }
}
