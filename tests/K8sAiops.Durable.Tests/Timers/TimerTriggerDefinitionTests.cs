using K8sAiops.Durable.Timers;

namespace K8sAiops.Durable.Tests.Timers;

public class TimerTriggerDefinitionTests
{
    private static readonly Func<TimerInfo, CancellationToken, Task> Nothing = (_, _) => Task.CompletedTask;

    [Theory]
    [InlineData("*/2 * * * *")]
    [InlineData("every two seconds")]
    [InlineData("0 0 25 * * *")]
    [InlineData("00:00:00")]
    [InlineData("1:xx:00")]
    public void Constructor_InvalidSchedule_ThrowsNamingTimerAndValue(string schedule)
    {
        var error = Assert.Throws<ArgumentException>(() => new TimerTriggerDefinition("daily-inspection", schedule, Nothing));

        Assert.Contains("daily-inspection", error.Message, StringComparison.Ordinal);
        Assert.Contains(schedule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeZone_UnknownId_ThrowsNamingTimerAndValue()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new TimerTriggerDefinition("daily-inspection", "0 0 6 * * *", Nothing) { TimeZone = "Mars/Olympus_Mons" });

        Assert.Contains("daily-inspection", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_NewDefinition_UtcMonitoredNoStartupRun()
    {
        var timer = new TimerTriggerDefinition("t", "0 0 * * * *", Nothing);

        Assert.Null(timer.TimeZone);
        Assert.True(timer.UseMonitor);
        Assert.False(timer.RunOnStartup);
    }

    [Fact]
    public void GetNextOccurrence_SixFieldUtc_NextMatchingSecond()
    {
        var timer = new TimerTriggerDefinition("t", "*/2 * * * * *", Nothing);

        Assert.Equal(Utc(2025, 5, 1, 10, 0, 2), timer.GetNextOccurrence(Utc(2025, 5, 1, 10, 0, 0)));
        Assert.Equal(Utc(2025, 5, 1, 10, 0, 2), timer.GetNextOccurrence(Utc(2025, 5, 1, 10, 0, 1).AddMilliseconds(999)));
    }

    [Fact]
    public void GetNextOccurrence_TimeSpanSchedule_AfterFixedInterval()
    {
        var timer = new TimerTriggerDefinition("t", "00:05:00", Nothing);

        Assert.Equal(Utc(2025, 5, 1, 10, 5, 0), timer.GetNextOccurrence(Utc(2025, 5, 1, 10, 0, 0)));
    }

    [Theory]
    [InlineData("2025-01-15T15:00:00Z", "2025-01-16T14:30:00Z")] // 10:00 EST: next 09:30 EST is tomorrow
    [InlineData("2025-07-15T12:00:00Z", "2025-07-15T13:30:00Z")] // 08:00 EDT: 09:30 EDT is today
    [InlineData("2025-03-08T15:00:00Z", "2025-03-09T13:30:00Z")] // 10:00 EST, across the spring-forward night
    public void GetNextOccurrence_NewYorkZone_NineThirtyLocalInUtc(string now, string expected)
    {
        var timer = new TimerTriggerDefinition("t", "0 30 9 * * *", Nothing) { TimeZone = "America/New_York" };

        Assert.Equal(Parse(expected), timer.GetNextOccurrence(Parse(now)));
    }

    [Fact]
    public void GetNextOccurrence_LocalTimeSkippedBySpringForward_FiresNextDay()
    {
        var timer = new TimerTriggerDefinition("t", "0 30 2 * * *", Nothing) { TimeZone = "America/New_York" };

        // 2025-03-09 02:30 does not exist in New York; 2025-03-10 02:30 EDT is 06:30Z.
        Assert.Equal(Parse("2025-03-10T06:30:00Z"), timer.GetNextOccurrence(Parse("2025-03-08T12:00:00Z")));
    }

    [Fact]
    public void GetNextOccurrence_RepeatedHourAtFallBack_FiresOncePerLocalTime()
    {
        var timer = new TimerTriggerDefinition("t", "0 30 1 * * *", Nothing) { TimeZone = "America/New_York" };

        // 01:30 happens twice on 2025-11-02: it fires at the first (EDT, 05:30Z), then on the next day.
        Assert.Equal(Parse("2025-11-02T05:30:00Z"), timer.GetNextOccurrence(Parse("2025-11-02T04:00:00Z")));
        Assert.Equal(Parse("2025-11-03T06:30:00Z"), timer.GetNextOccurrence(Parse("2025-11-02T05:30:00Z")));
    }

    [Fact]
    public void GetNextOccurrence_EverySecondThroughRepeatedHour_NoGap()
    {
        var timer = new TimerTriggerDefinition("t", "*/10 * * * * *", Nothing) { TimeZone = "America/New_York" };

        // 06:00Z is the second 01:00 local (EST); the next occurrence is 10 s later, not an hour.
        Assert.Equal(Parse("2025-11-02T06:00:10Z"), timer.GetNextOccurrence(Parse("2025-11-02T06:00:00Z")));
    }

    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    private static DateTime Parse(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
