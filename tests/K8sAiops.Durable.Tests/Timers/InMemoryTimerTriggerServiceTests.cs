using K8sAiops.Durable.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Durable.Tests.Timers;

/// <summary>The service's rules on the in-memory store, with a fake clock where timing must be exact.</summary>
public class InMemoryTimerTriggerServiceTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 3, TimeSpan.Zero);

    [Fact]
    public async Task StartAsync_RunOnStartup_FiresOnceNotPastDueAndKeepsSchedule()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryTimerScheduleStore(clock);
        var firings = new Firings();
        var timer = new TimerTriggerDefinition("yearly", "0 0 0 1 1 *", firings.RecordAs("a")) { RunOnStartup = true };
        await using var service = NewService([timer], store, clock, "a");

        await service.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(1, TimeSpan.FromSeconds(5));
        await Task.Delay(300);

        var firing = Assert.Single(firings.All);
        Assert.False(firing.Info.IsPastDue);
        Assert.Equal(Start.UtcDateTime, firing.Info.ScheduleStatus.Last);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), firing.Info.ScheduleStatus.Next);
        var stored = await store.GetStatusAsync("yearly", CancellationToken.None);
        Assert.Equal(firing.Info.ScheduleStatus, stored.Status);
    }

    [Fact]
    public async Task StartAsync_RunOnStartupOnTwoHosts_OnlyLeaseHolderFires()
    {
        var store = new InMemoryTimerScheduleStore();
        var firings = new Firings();
        TimerTriggerDefinition Timer(string host) => new("yearly", "0 0 0 1 1 *", firings.RecordAs(host)) { RunOnStartup = true };
        await using var a = NewService([Timer("a")], store, TimeProvider.System, "a");
        await using var b = NewService([Timer("b")], store, TimeProvider.System, "b");

        await a.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(1, TimeSpan.FromSeconds(5));
        await b.StartAsync(CancellationToken.None);
        await Task.Delay(500);

        Assert.Equal("a", Assert.Single(firings.All).HostId);
    }

    [Fact]
    public async Task StartAsync_OccurrencesMissedWhileDown_OnePastDueFiringThenOnSchedule()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryTimerScheduleStore(clock);
        await SeedStatusAsync(store, "every10s", new ScheduleStatus(
            Utc(9, 59, 30), Utc(9, 59, 40), Utc(9, 59, 30)));
        var firings = new Firings();
        var timer = new TimerTriggerDefinition("every10s", "*/10 * * * * *", firings.RecordAs("a"));
        await using var service = NewService([timer], store, clock, "a");

        await service.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(1, TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(7));
        await firings.WaitForCountAsync(2, TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(10));
        await firings.WaitForCountAsync(3, TimeSpan.FromSeconds(5));

        var all = firings.All;
        Assert.Equal(3, all.Count);
        Assert.True(all[0].Info.IsPastDue);
        Assert.Equal(Utc(9, 59, 40), all[0].Occurrence);
        Assert.Equal(Utc(10, 0, 10), all[0].Info.ScheduleStatus.Next);
        Assert.Equal([Utc(10, 0, 10), Utc(10, 0, 20)], all.Skip(1).Select(f => f.Occurrence));
        Assert.All(all.Skip(1), f => Assert.False(f.Info.IsPastDue));
    }

    [Fact]
    public async Task StartAsync_TimeZoneSchedule_StoresNextLocalOccurrenceInUtc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 15, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryTimerScheduleStore(clock);
        var timer = new TimerTriggerDefinition("morning", "0 30 9 * * *", (_, _) => Task.CompletedTask)
        {
            TimeZone = "Europe/Berlin",
        };
        await using var service = NewService([timer], store, clock, "a");

        await service.StartAsync(CancellationToken.None);
        var status = await WaitForStatusAsync(store, "morning");

        // 12:00Z is 14:00 in Berlin (CEST, +2): the next 09:30 there is tomorrow at 07:30Z.
        Assert.Equal(new DateTime(2025, 7, 16, 7, 30, 0, DateTimeKind.Utc), status.Next);
        Assert.Equal(DateTime.MinValue, status.Last);
    }

    [Fact]
    public async Task Callback_Throws_LoggedWithTimerNameAndScheduleContinues()
    {
        var store = new InMemoryTimerScheduleStore();
        var logger = new ListLogger<TimerTriggerService>();
        var calls = 0;
        var timer = new TimerTriggerDefinition("flaky", "* * * * * *", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("boom");
        });
        await using var service = new TimerTriggerService([timer], store, TimeProvider.System, logger, "a");

        await service.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await service.StopAsync(CancellationToken.None);

        Assert.InRange(calls, 3, 4);
        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(calls, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("flaky", e.Properties["TimerName"]);
            Assert.Contains("{TimerName}", e.Template, StringComparison.Ordinal);
            Assert.IsType<InvalidOperationException>(e.Exception);
        });
    }

    [Fact]
    public async Task StopAsync_HostStops_OtherHostTakesOverAtOnce()
    {
        var store = new InMemoryTimerScheduleStore();
        var firings = new Firings();
        var lease = TimeSpan.FromSeconds(3);
        await using var a = NewService([new("t", "* * * * * *", firings.RecordAs("a"))], store, TimeProvider.System, "a", lease);
        await using var b = NewService([new("t", "* * * * * *", firings.RecordAs("b"))], store, TimeProvider.System, "b", lease);

        await a.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(1, TimeSpan.FromSeconds(5));
        await b.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(2, TimeSpan.FromSeconds(5));
        await a.StopAsync(CancellationToken.None);
        var stoppedAt = firings.All.Count;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await b.StopAsync(CancellationToken.None);

        var all = firings.All;
        Assert.All(all.Take(stoppedAt), f => Assert.Equal("a", f.HostId));
        Assert.Contains(all.Skip(stoppedAt), f => f.HostId == "b");
        AssertEachOccurrenceOnce(all);
    }

    [Fact]
    public async Task AbandonAsync_HostDies_OtherHostTakesOverWhenLeaseExpires()
    {
        var store = new InMemoryTimerScheduleStore();
        var firings = new Firings();
        var lease = TimeSpan.FromSeconds(1.5);
        await using var a = NewService([new("t", "* * * * * *", firings.RecordAs("a"))], store, TimeProvider.System, "a", lease);
        await using var b = NewService([new("t", "* * * * * *", firings.RecordAs("b"))], store, TimeProvider.System, "b", lease);

        await a.StartAsync(CancellationToken.None);
        await firings.WaitForCountAsync(1, TimeSpan.FromSeconds(5));
        await b.StartAsync(CancellationToken.None);
        await a.AbandonAsync();
        var diedAt = DateTime.UtcNow;
        var byA = firings.All.Count;
        await firings.WaitForCountAsync(byA + 2, TimeSpan.FromSeconds(6));
        await b.StopAsync(CancellationToken.None);

        var all = firings.All;
        Assert.All(all.Take(byA), f => Assert.Equal("a", f.HostId));
        Assert.All(all.Skip(byA), f => Assert.Equal("b", f.HostId));
        Assert.True(all[byA].Occurrence > all[byA - 1].Occurrence);
        Assert.True(all[byA].Info.ScheduleStatus.LastUpdated >= diedAt.AddSeconds(1), "b fired before a's lease could expire");
        AssertEachOccurrenceOnce(all);
    }

    internal static void AssertEachOccurrenceOnce(IReadOnlyList<Firing> firings)
    {
        var occurrences = firings.Select(f => f.Occurrence).ToList();
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.Equal(occurrences.Order(), occurrences);
    }

    private static TimerTriggerService NewService(
        IEnumerable<TimerTriggerDefinition> timers, ITimerScheduleStore store, TimeProvider clock, string hostId, TimeSpan? lease = null)
        => new(timers, store, clock, NullLogger<TimerTriggerService>.Instance, hostId, lease);

    private static async Task SeedStatusAsync(ITimerScheduleStore store, string timer, ScheduleStatus status)
    {
        var lease = await store.TryAcquireLeaseAsync(timer, "seed", TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(lease);
        var stored = await store.GetStatusAsync(timer, CancellationToken.None);
        Assert.True(await store.TryUpdateStatusAsync(lease, status, stored.ETag, CancellationToken.None));
        await store.ReleaseLeaseAsync(lease, CancellationToken.None);
    }

    private static async Task<ScheduleStatus> WaitForStatusAsync(ITimerScheduleStore store, string timer)
    {
        for (var i = 0; i < 250; i++)
        {
            if ((await store.GetStatusAsync(timer, CancellationToken.None)).Status is { } status)
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Timer {timer} recorded no status.");
    }

    private static DateTime Utc(int hour, int minute, int second) => new(2025, 3, 1, hour, minute, second, DateTimeKind.Utc);
}
