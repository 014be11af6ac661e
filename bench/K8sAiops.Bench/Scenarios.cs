using K8sAiops.Durable;
using K8sAiops.Durable.Client;

namespace K8sAiops.Bench;

/// <summary>A measured workload: what it runs and how many units (activities or events) it moves.</summary>
internal sealed record Scenario(string Name, string UnitName, int Units, Func<DurableTaskClient, Task> RunAsync);

internal static class Scenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("sequential-100", "activities", 100, c => RunOneAsync(c, "Chain", 100, expected: 100)),
        new("fan-out-fan-in-1000", "activities", 1000, c => RunOneAsync(c, "FanOut", 1000, expected: 1000)),
        new("external-events-100", "events", 100, ExternalEventsAsync),
        new("concurrent-100x5", "activities", 500, ConcurrentAsync),
    ];

    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>("Echo", (_, n) => n)
        .AddOrchestratorFunc<int, int>("Chain", async (ctx, count) =>
        {
            var done = 0;
            for (var i = 0; i < count; i++)
            {
                done += await ctx.CallActivityAsync<int>("Echo", 1);
            }

            return done;
        })
        .AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
            (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ctx.CallActivityAsync<int>("Echo", 1)))).Sum())
        .AddOrchestratorFunc<int, int>("Collect", async (ctx, count) =>
        {
            var received = 0;
            for (var i = 0; i < count; i++)
            {
                received += await ctx.WaitForExternalEvent<int>("tick");
            }

            return received;
        });

    private static async Task RunOneAsync(DurableTaskClient client, string orchestrator, int input, int expected)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input);
        await ExpectAsync(client, id, expected);
    }

    private static async Task ExternalEventsAsync(DurableTaskClient client)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Collect", 100);
        await client.WaitForInstanceStartAsync(id);
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, ct) => await client.RaiseEventAsync(id, "tick", 1, ct));
        await ExpectAsync(client, id, 100);
    }

    private static async Task ConcurrentAsync(DurableTaskClient client)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.ScheduleNewOrchestrationInstanceAsync("Chain", 5)));
        await Task.WhenAll(ids.Select(id => ExpectAsync(client, id, 5)));
    }

    private static async Task ExpectAsync(DurableTaskClient client, string id, int expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var result = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        if (result.RuntimeStatus != OrchestrationRuntimeStatus.Completed || result.ReadOutputAs<int>() != expected)
        {
            throw new InvalidOperationException($"{result.Name} {id} ended {result.RuntimeStatus} with {result.SerializedOutput}; expected {expected}.");
        }
    }
}
