using K8sAiops.Durable.Timers;
using K8sAiops.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace K8sAiops.Durable.Tests.Timers;

/// <summary>Timer triggers on Azurite blobs, with real time and several hosts on one task hub.</summary>
public class AzureBlobTimerTriggerTests(ITestOutputHelper output)
{
    private const string EveryTwoSeconds = "*/2 * * * * *";

    [Fact]
    public async Task StartAsync_TwoHostsOneHub_EachOccurrenceFiresExactlyOnce()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var hub = Azurite.NewTaskHubName();
        var firings = new Firings();
        await using var a = NewHost(connection, hub, "host-a", firings);
        await using var b = NewHost(connection, hub, "host-b", firings);

        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));
        // Four occurrences take about 8 s; a loaded machine may need longer, which changes nothing below.
        await firings.WaitForCountAsync(4, TimeSpan.FromSeconds(40));
        await Task.WhenAll(a.StopAsync(CancellationToken.None), b.StopAsync(CancellationToken.None));

        var all = firings.All;
        output.WriteLine($"{all.Count} firings: {string.Join(", ", all.Select(f => $"{f.HostId}@{f.Occurrence:HH:mm:ss}"))}");
        Assert.True(all.Count >= 4, $"only {all.Count} firings in 40 s");
        InMemoryTimerTriggerServiceTests.AssertEachOccurrenceOnce(all);
        AssertNoGaps(all);
        Assert.All(all, f => Assert.False(f.Info.IsPastDue));
    }

    [Fact]
    public async Task StartAsync_AfterDowntimeMissingTwoOccurrences_OnePastDueFiringThenNormal()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var hub = Azurite.NewTaskHubName();
        var firings = new Firings();
        await using (var first = NewHost(connection, hub, "host-a", firings))
        {
            await first.StartAsync(CancellationToken.None);
            await firings.WaitForCountAsync(2, TimeSpan.FromSeconds(30));
            await first.StopAsync(CancellationToken.None);
        }

        var beforeDowntime = firings.All;
        var lastBefore = beforeDowntime[^1].Occurrence;
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        await using (var second = NewHost(connection, hub, "host-b", firings))
        {
            await second.StartAsync(CancellationToken.None);
            await firings.WaitForCountAsync(beforeDowntime.Count + 3, TimeSpan.FromSeconds(40));
            await second.StopAsync(CancellationToken.None);
        }

        var after = firings.All.Skip(beforeDowntime.Count).ToList();
        output.WriteLine($"before: {string.Join(", ", beforeDowntime.Select(f => $"{f.Occurrence:HH:mm:ss}"))}");
        output.WriteLine($"after: {string.Join(", ", after.Select(f => $"{f.Occurrence:HH:mm:ss}{(f.Info.IsPastDue ? " past due" : "")}"))}");
        Assert.All(beforeDowntime, f => Assert.False(f.Info.IsPastDue));
        Assert.True(after[0].Info.IsPastDue);
        Assert.Equal(lastBefore.AddSeconds(2), after[0].Occurrence);
        Assert.All(after.Skip(1), f => Assert.False(f.Info.IsPastDue));
        Assert.True(after[1].Occurrence - after[0].Occurrence >= TimeSpan.FromSeconds(4), "the missed occurrences were collapsed");
        AssertNoGaps(after.Skip(1).ToList());
        InMemoryTimerTriggerServiceTests.AssertEachOccurrenceOnce(firings.All);
    }

    [Fact]
    public async Task TryUpdateStatusAsync_StaleETagOrLostLease_WritesNothing()
    {
        var hub = Azurite.NewTaskHubName("Hub");
        var store = new AzureBlobTimerScheduleStore(await Azurite.GetConnectionStringAsync(), hub);
        var ct = CancellationToken.None;
        var status = new ScheduleStatus(DateTime.MinValue, new DateTime(2025, 1, 1, 0, 0, 2, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var leaseA = await store.TryAcquireLeaseAsync("t", "a", TimeSpan.FromSeconds(15), ct);
        Assert.NotNull(leaseA);
        Assert.Null(await store.TryAcquireLeaseAsync("t", "b", TimeSpan.FromSeconds(15), ct));
        var empty = await store.GetStatusAsync("t", ct);
        Assert.Null(empty.Status);
        Assert.True(await store.TryUpdateStatusAsync(leaseA, status, empty.ETag, ct));
        Assert.False(await store.TryUpdateStatusAsync(leaseA, status with { Last = status.Next }, empty.ETag, ct));

        await store.ReleaseLeaseAsync(leaseA, ct);
        var leaseB = await store.TryAcquireLeaseAsync("t", "b", TimeSpan.FromSeconds(15), ct);
        Assert.NotNull(leaseB);
        var current = await store.GetStatusAsync("t", ct);
        Assert.False(await store.TryUpdateStatusAsync(leaseA, status with { Last = status.Next }, current.ETag, ct));
        Assert.False(await store.TryRenewLeaseAsync(leaseA, ct));
        Assert.Equal(status, (await store.GetStatusAsync("t", ct)).Status);
        Assert.Equal($"{hub.ToLowerInvariant()}-leases", store.ContainerName);
    }

    private static TimerTriggerService NewHost(string connection, string hub, string hostId, Firings firings)
        => new(
            [new TimerTriggerDefinition("every2s", EveryTwoSeconds, firings.RecordAs(hostId))],
            new AzureBlobTimerScheduleStore(connection, hub),
            TimeProvider.System,
            NullLogger<TimerTriggerService>.Instance,
            hostId);

    private static void AssertNoGaps(IReadOnlyList<Firing> firings)
    {
        for (var i = 1; i < firings.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), firings[i].Occurrence - firings[i - 1].Occurrence);
        }
    }
}
