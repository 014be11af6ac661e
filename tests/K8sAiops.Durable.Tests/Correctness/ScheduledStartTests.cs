using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Tests.Orchestrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// A start scheduled for later (StartAt) runs at its time, however far away, on every store: a start message
/// that becomes visible early (a queue holds a message back 7 days at most) is hidden again, and events or a
/// terminate sent meanwhile are kept until the instance starts.
/// </summary>
public sealed class ScheduledStartTests
{
    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task StartEightDaysAhead_MessageVisibleEarly_InstanceStaysPending(string backend)
    {
        // The client's clock runs 8 days minus 2 s ahead: it hides the start for only 2 s, so the start message
        // reaches the worker (on the true clock) 8 days before its time, as a capped queue visibility would.
        var hubName = K8sAiops.Testing.Azurite.NewTaskHubName("later");
        var ahead = new OffsetTimeProvider(TimeSpan.FromDays(8) - TimeSpan.FromSeconds(2));
        var (workerStore, clientStore) = await CreateStoresAsync(backend, hubName, ahead);
        await using var hub = await TestHub.StartAsync(workerStore, r => r.AddOrchestratorFunc<object?, string>("Later", (_, _) => Task.FromResult("ran")));
        var client = new DurableTaskClient(clientStore, ahead);

        var id = await client.ScheduleNewOrchestrationInstanceAsync("Later", null, new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddDays(8)));
        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await hub.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty(await hub.Client.GetHistoryAsync(id));
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task EventAndTerminateBeforeScheduledStart_KeptUntilItStarts(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend),
            r => r.AddOrchestratorFunc<object?, string>("Approve", (ctx, _) => ctx.WaitForExternalEvent<string>("Approval")),
            o => o.MaxDeferrals = 1);
        var startAt = DateTimeOffset.UtcNow.AddSeconds(8);
        var approved = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Approve", null, new StartOrchestrationOptions(StartAt: startAt));
        var cancelled = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Approve", null, new StartOrchestrationOptions(StartAt: startAt));

        await hub.Client.RaiseEventAsync(approved, "Approval", "approved before the start");
        await hub.Client.TerminateInstanceAsync(cancelled, "not needed any more");

        var approvedResult = await hub.WaitAsync(approved, TimeSpan.FromSeconds(60));
        var cancelledResult = await hub.WaitAsync(cancelled, TimeSpan.FromSeconds(60));
        Assert.Equal("approved before the start", approvedResult.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, cancelledResult.RuntimeStatus);
        Assert.True(approvedResult.LastUpdatedAt >= startAt.AddSeconds(-1), "The instance ran before its StartAt.");
    }

    private static async Task<(IOrchestrationStore Worker, IOrchestrationStore Client)> CreateStoresAsync(string backend, string hubName, TimeProvider clientClock)
    {
        if (backend == Backends.InMemory)
        {
            // One store (one set of queues); its own clock decides visibility, so it is the client's.
            var shared = new InMemoryOrchestrationStore(clientClock);
            return (shared, shared);
        }

        var options = new AzureStorageOptions { ConnectionString = await K8sAiops.Testing.Azurite.GetConnectionStringAsync(), TaskHubName = hubName };
        return (new AzureStorageOrchestrationStore(options, TimeProvider.System, NullLoggerFactory.Instance),
                new AzureStorageOrchestrationStore(options, clientClock, NullLoggerFactory.Instance));
    }
}
