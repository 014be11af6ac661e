using K8sAiops.Durable.Client;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Tests.Orchestrations;
using K8sAiops.Testing;
using K8sAiops.TestHost;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>Host processes killed with SIGKILL at each checkpoint step, then restarted, on Azurite.</summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData("MessagesSent:1")]
    [InlineData("HistoryWritten:2")]
    [InlineData("InstanceWritten:3")]
    [InlineData("ActivityResultSent:37")]
    [InlineData("HistoryWritten:Terminal")]
    [InlineData("InstanceWritten:Terminal")]
    public async Task FanOut_HostKilledAtCheckpointStep_RestartCompletesWithConsistentHistory(string crashAt)
    {
        var (connection, hub, store, client) = await NewHubAsync();
        var crashing = await HostProcess.StartAsync(connection, hub, "w1", crashAt);

        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.FanOut, 100);

        Assert.True(await crashing.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"The host never reached {crashAt}.");
        await crashing.DisposeAsync();
        await using var restarted = await HostProcess.StartAsync(connection, hub, "w1");
        var result = await WaitAsync(client, id, TimeSpan.FromSeconds(90));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(TestOrchestrations.SumOfSquares(100), result.ReadOutputAs<long>());
        HistoryAssert.IsConsistent(await client.GetHistoryAsync(id), 100);
    }

    [Fact]
    public async Task FanOut_HostKilledBetweenHistoryAndInstanceRow_RowNeverStaysRunning()
    {
        var (connection, hub, store, client) = await NewHubAsync();
        var crashing = await HostProcess.StartAsync(connection, hub, "w1", "HistoryWritten:Terminal");
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.FanOut, 20);
        Assert.True(await crashing.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await crashing.DisposeAsync();

        // The crash window really happened: history finished, the row did not.
        Assert.Contains(await client.GetHistoryAsync(id), e => e is ExecutionCompleted);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(id))!.RuntimeStatus);

        await using var restarted = await HostProcess.StartAsync(connection, hub, "w1");
        var result = await WaitAsync(client, id, TimeSpan.FromSeconds(60));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(TestOrchestrations.SumOfSquares(20), result.ReadOutputAs<long>());
    }

    [Fact]
    public async Task WaitForExternalEvent_AcrossHostKill_EventAndTimeoutBothHonoured()
    {
        var (connection, hub, store, client) = await NewHubAsync();
        var first = await HostProcess.StartAsync(connection, hub, "w1");
        var approved = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Approval, 60);
        var timedOut = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Approval, 6);
        var started = DateTime.UtcNow;
        await WaitForTimerCreatedAsync(client, approved);
        await WaitForTimerCreatedAsync(client, timedOut);

        await first.KillAsync();
        await first.DisposeAsync();
        await client.RaiseEventAsync(approved, "Approval", "approved by bob");
        await using var restarted = await HostProcess.StartAsync(connection, hub, "w1");

        Assert.Equal("approved by bob", (await WaitAsync(client, approved, TimeSpan.FromSeconds(60))).ReadOutputAs<string>());
        Assert.Equal("timed out", (await WaitAsync(client, timedOut, TimeSpan.FromSeconds(60))).ReadOutputAs<string>());
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(6), "The timeout branch ran before the timer was due.");
    }

    [Fact]
    public async Task WaitTwice_HostKilledAfterHistoryBeforeMessageDeleted_RedeliveredEventDoesNotAnswerSecondWait()
    {
        var (connection, hub, _, client) = await NewHubAsync();

        // Episode 1 writes the start's history; episode 2 writes the first event's, and the host dies before it
        // deletes the event message, so the restarted host receives that message again.
        var crashing = await HostProcess.StartAsync(connection, hub, "w1", "HistoryWritten:2");
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.WaitTwice);
        await WaitForCustomStatusAsync(client, id, "waiting-first");
        await client.RaiseEventAsync(id, "Step", "a");
        Assert.True(await crashing.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The host never reached HistoryWritten:2.");
        await crashing.DisposeAsync();
        Assert.Single((await client.GetHistoryAsync(id)).OfType<EventRaised>());

        await using var restarted = await HostProcess.StartAsync(connection, hub, "w1");
        await WaitForCustomStatusAsync(client, id, "waiting-second");
        await client.RaiseEventAsync(id, "Step", "b");
        var result = await WaitAsync(client, id, TimeSpan.FromSeconds(60));

        Assert.Equal("a,b", result.ReadOutputAs<string>());
        Assert.Equal(["a", "b"], (await client.GetHistoryAsync(id)).OfType<EventRaised>().Select(e => DataConverter.Deserialize<string>(e.Input)));
    }

    internal static async Task<(string Connection, string Hub, AzureStorageOrchestrationStore Store, DurableTaskClient Client)> NewHubAsync()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var hub = Azurite.NewTaskHubName("crash");
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync(hub);
        await store.CreateIfNotExistsAsync();
        return (connection, hub, store, new DurableTaskClient(store, TimeProvider.System));
    }

    internal static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        }
        catch (OperationCanceledException)
        {
            var state = await client.GetInstanceAsync(id);
            throw new TimeoutException($"{id} did not finish within {timeout}; it is {state?.RuntimeStatus}.");
        }
    }

    private static async Task WaitForCustomStatusAsync(DurableTaskClient client, string id, string status)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
            if (state?.ReadCustomStatusAs<string>() == status)
            {
                return;
            }

            if (state?.RuntimeStatus.IsTerminal() == true)
            {
                throw new InvalidOperationException($"{id} finished ({state.RuntimeStatus}, output {state.SerializedOutput}) instead of reaching '{status}'.");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{id} never reached custom status '{status}'.");
    }

    private static async Task WaitForTimerCreatedAsync(DurableTaskClient client, string id)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await client.GetHistoryAsync(id)).Any(e => e is TimerCreated))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{id} never created its timer.");
    }
}
