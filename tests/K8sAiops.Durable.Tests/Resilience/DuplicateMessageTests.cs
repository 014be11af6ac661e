using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Tests.Orchestrations;
using K8sAiops.TestHost;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>Every message delivered twice (starts, work items, completions, timers, events) changes no result.</summary>
public sealed class DuplicateMessageTests
{
    public static TheoryData<string> Backends => ["in-memory", "azurite"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task EveryMessageDuplicated_ResultsAndHistoriesUnchanged(string backend)
    {
        var inner = backend == "azurite" ? await AzuriteStoreFactory.CreateAzureStoreAsync() : (IOrchestrationStore)new InMemoryOrchestrationStore();
        var executions = 0;
        await using var hub = await TestHub.StartAsync(new DuplicatingStore(inner), r =>
        {
            TestOrchestrations.Register(r);
            r.AddActivityFunc<int, int>("Count", (_, n) => { Interlocked.Increment(ref executions); return n; })
             .AddOrchestratorFunc<int, int>("Child", (ctx, n) => ctx.CallActivityAsync<int>("Count", n))
             .AddOrchestratorFunc<object?, string>("Mixed", async (ctx, _) =>
             {
                 var child = await ctx.CallSubOrchestratorAsync<int>("Child", 7);
                 await ctx.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                 var approval = await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(30));
                 return $"{child}:{approval}";
             });
        });

        var fanOut = await hub.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.FanOut, 50);
        var sequence = await hub.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 5);
        var mixed = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Mixed");
        await WaitForWaitingAsync(hub, mixed);
        await hub.Client.RaiseEventAsync(mixed, "Approval", "yes");

        var fanOutResult = await hub.WaitAsync(fanOut);
        var sequenceResult = await hub.WaitAsync(sequence);
        var mixedResult = await hub.WaitAsync(mixed);

        Assert.Equal(TestOrchestrations.SumOfSquares(50), fanOutResult.ReadOutputAs<long>());
        Assert.Equal(TestOrchestrations.SumOfSquares(5), sequenceResult.ReadOutputAs<long>());
        Assert.Equal("7:yes", mixedResult.ReadOutputAs<string>());
        HistoryAssert.IsConsistent(await hub.Client.GetHistoryAsync(fanOut), 50);
        HistoryAssert.IsConsistent(await hub.Client.GetHistoryAsync(sequence), 5);
        var mixedHistory = await hub.Client.GetHistoryAsync(mixed);
        Assert.Single(mixedHistory, e => e is History.EventRaised);
        Assert.Single(mixedHistory, e => e is History.SubOrchestrationInstanceCompleted);
        Assert.True(executions >= 1, "The child's activity never ran.");
    }

    private static async Task WaitForWaitingAsync(TestHub hub, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var history = await hub.Client.GetHistoryAsync(id);
            if (history.OfType<History.TimerCreated>().Count() >= 2)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never started waiting for its approval.");
    }
}
