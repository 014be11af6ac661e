using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// Ids the runtime derives for an execution (activity idempotency keys, default sub-orchestration instance ids)
/// are unique per execution: ContinueAsNew and re-creating an instance with the same id get new ones.
/// </summary>
public sealed class ExecutionScopedIdsTests
{
    private sealed record Generation(int N, string[] Seen);

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task IdempotencyKey_AcrossContinueAsNewAndRecreation_UniquePerExecution(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddActivityFunc<int, string>("Key", (ctx, _) => ctx.IdempotencyKey)
            .AddOrchestratorFunc<Generation, string[]>("Keys", async (ctx, g) =>
            {
                var seen = g.Seen.Append(await ctx.CallActivityAsync<string>("Key", g.N)).ToArray();
                if (g.N < 3)
                {
                    ctx.ContinueAsNew(new Generation(g.N + 1, seen));
                }

                return seen;
            }));

        var first = await hub.RunAsync("Keys", new Generation(1, []), instanceId: "keys-1");
        var again = await hub.RunAsync("Keys", new Generation(3, []), instanceId: "keys-1");

        string[] keys = [.. first.ReadOutputAs<string[]>()!, .. again.ReadOutputAs<string[]>()!];
        Assert.Equal(4, keys.Length);
        Assert.Equal(4, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("keys-1:", k));
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task DefaultSubOrchestrationId_AcrossContinueAsNewAndRecreation_UniquePerExecution(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddOrchestratorFunc<int, string>("Child", (ctx, _) => Task.FromResult(ctx.InstanceId))
            .AddOrchestratorFunc<Generation, string[]>("Parent", async (ctx, g) =>
            {
                var seen = g.Seen.Append(await ctx.CallSubOrchestratorAsync<string>("Child", g.N)).ToArray();
                if (g.N < 2)
                {
                    ctx.ContinueAsNew(new Generation(g.N + 1, seen));
                }

                return seen;
            }));

        var first = await hub.RunAsync("Parent", new Generation(1, []), instanceId: "parent-1");
        var again = await hub.RunAsync("Parent", new Generation(2, []), instanceId: "parent-1");

        string[] children = [.. first.ReadOutputAs<string[]>()!, .. again.ReadOutputAs<string[]>()!];
        Assert.Equal(3, children.Length);
        Assert.Equal(3, children.Distinct().Count());
        foreach (var child in children)
        {
            Assert.StartsWith("parent-1:", child);
            var history = await hub.Client.GetHistoryAsync(child);
            Assert.Single(history.OfType<ExecutionStarted>());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await hub.Client.GetInstanceAsync(child))!.RuntimeStatus);
        }
    }
}
