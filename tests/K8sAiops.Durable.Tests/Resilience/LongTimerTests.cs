using K8sAiops.Durable.Storage;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Tests.Orchestrations;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>
/// Timers longer than one queue message may be hidden (7 days) are chained. The chain link is shortened to one
/// second here so that a 3.5 s timer needs four links; firing at the first link would show as a timer firing early.
/// </summary>
public sealed class LongTimerTests
{
    public static TheoryData<string> Backends => ["in-memory", "azurite"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TimerLongerThanChainLink_FiresOnceAtItsTimeNotBefore(string backend)
    {
        var store = backend == "azurite" ? await AzuriteStoreFactory.CreateAzureStoreAsync() : (IOrchestrationStore)new InMemoryOrchestrationStore();
        await using var hub = await TestHub.StartAsync(
            store,
            r => r.AddOrchestratorFunc<object?, DateTime>("Sleeper", async (ctx, _) =>
            {
                var fireAt = ctx.CurrentUtcDateTime.AddSeconds(3.5);
                await ctx.CreateTimer(fireAt, CancellationToken.None);
                return fireAt;
            }),
            o => o.MaxTimerInterval = TimeSpan.FromSeconds(1));

        var result = await hub.RunAsync("Sleeper");

        var fireAt = result.ReadOutputAs<DateTime>();
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);
        var fired = Assert.Single(history.OfType<TimerFired>());
        Assert.Equal(fireAt, fired.FireAt);
        var episodeOfFiring = history.TakeWhile(e => e is not TimerFired).OfType<OrchestratorStarted>().Last();
        Assert.True(episodeOfFiring.Timestamp >= fireAt, $"The timer fired at {episodeOfFiring.Timestamp:o}, before {fireAt:o}.");
    }
}
