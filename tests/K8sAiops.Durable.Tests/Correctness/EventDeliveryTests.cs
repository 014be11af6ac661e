using K8sAiops.Durable.History;
using K8sAiops.Durable.Tests.Resilience;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// Each raised event is applied once: a re-delivered or re-sent copy is recognised against history, within one
/// execution and across ContinueAsNew; and events that arrive in the batch that calls ContinueAsNew are carried
/// into the next execution in order, as DurableTask.Core carries them.
/// </summary>
public sealed class EventDeliveryTests
{
    private sealed record Gathered(int Generation, string[] Items);

    private static void Register(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<object?, string>("WaitTwice", async (ctx, _) =>
        {
            ctx.SetCustomStatus("waiting-first");
            var first = await ctx.WaitForExternalEvent<string>("Approval");
            ctx.SetCustomStatus("waiting-second");
            var second = await ctx.WaitForExternalEvent<string>("Approval");
            return $"{first},{second}";
        })
        .AddOrchestratorFunc<Gathered, string[]>("Gather", async (ctx, g) =>
        {
            ctx.SetCustomStatus($"generation-{g.Generation}");
            var items = g.Items.Append(await ctx.WaitForExternalEvent<string>("item")).ToArray();
            if (items.Length < 3)
            {
                ctx.ContinueAsNew(new Gathered(g.Generation + 1, items));
            }

            return items;
        });

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task WaitTwiceForSameName_EveryMessageDelivered_EachEventAppliedOnce(string backend)
    {
        await using var hub = await TestHub.StartAsync(new DuplicatingStore(await Backends.CreateAsync(backend)), Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("WaitTwice");

        await WaitForCustomStatusAsync(hub, id, "waiting-first");
        await hub.Client.RaiseEventAsync(id, "Approval", "first");
        await WaitForCustomStatusAsync(hub, id, "waiting-second");
        await Task.Delay(500); // room for the re-delivered copy of "first" to arrive before "second"
        await hub.Client.RaiseEventAsync(id, "Approval", "second");
        var result = await hub.WaitAsync(id);

        Assert.Equal("first,second", result.ReadOutputAs<string>());
        Assert.Equal(2, (await hub.Client.GetHistoryAsync(id)).OfType<EventRaised>().Count());
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task ContinueAsNew_EventDeliveredTwice_NextExecutionDoesNotTakeTheCopy(string backend)
    {
        await using var hub = await TestHub.StartAsync(new DuplicatingStore(await Backends.CreateAsync(backend)), Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Gather", new Gathered(1, []));

        foreach (var (item, generation) in new[] { ("a", 1), ("b", 2), ("c", 3) })
        {
            await WaitForCustomStatusAsync(hub, id, $"\"generation-{generation}\"", raw: true);
            await Task.Delay(300); // room for re-delivered copies of the previous item
            await hub.Client.RaiseEventAsync(id, "item", item);
        }

        var result = await hub.WaitAsync(id);
        Assert.Equal(["a", "b", "c"], result.ReadOutputAs<string[]>()!);
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task ContinueAsNew_EventsInSameBatch_CarriedIntoNextExecutionInOrder(string backend)
    {
        await using var hub = await TestHub.CreateAsync(await Backends.CreateAsync(backend), Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Gather", new Gathered(1, []));
        foreach (var item in new[] { "a", "b", "c" })
        {
            await hub.Client.RaiseEventAsync(id, "item", item); // all waiting before the first episode: one batch
        }

        await hub.AddWorkerAsync();
        var result = await hub.WaitAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(["a", "b", "c"], result.ReadOutputAs<string[]>()!);
    }

    internal static async Task WaitForCustomStatusAsync(TestHub hub, string id, string expected, bool raw = false)
    {
        var want = raw ? expected : $"\"{expected}\"";
        for (var i = 0; i < 600; i++)
        {
            if ((await hub.Client.GetInstanceAsync(id))?.SerializedCustomStatus == want)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never showed custom status {want}.");
    }
}
