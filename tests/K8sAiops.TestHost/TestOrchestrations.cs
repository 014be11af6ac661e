using K8sAiops.Durable;

namespace K8sAiops.TestHost;

/// <summary>The orchestrations the crash and multi-host tests run in separate processes.</summary>
public static class TestOrchestrations
{
    public const string FanOut = nameof(FanOut);
    public const string Sequence = nameof(Sequence);
    public const string Approval = nameof(Approval);
    public const string Square = nameof(Square);
    public const string Diagnose = nameof(Diagnose);
    public const string WaitTwice = nameof(WaitTwice);
    public const string Paced = nameof(Paced);
    public const string AwaitingApproval = "awaiting-approval";

    public static DurableTaskRegistry Register(DurableTaskRegistry registry, SideEffectSink? sink = null)
    {
        sink ??= new SideEffectSink(null);
        return registry
            .AddActivityFunc<int, int>(Square, async (_, n) =>
            {
                await Task.Delay(20);
                return n * n;
            })
            .AddOrchestratorFunc<int, long>(FanOut, async (ctx, count) =>
            {
                var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(n => ctx.CallActivityAsync<int>(Square, n)));
                return squares.Sum(s => (long)s);
            })
            .AddOrchestratorFunc<int, long>(Sequence, async (ctx, count) =>
            {
                long sum = 0;
                for (var n = 1; n <= count; n++)
                {
                    sum += await ctx.CallActivityAsync<int>(Square, n);
                }

                return sum;
            })
            .AddOrchestratorFunc<int, string>(Approval, async (ctx, timeoutSeconds) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(timeoutSeconds));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            })
            .AddActivityFunc<int, int>("Collect", async (ctx, n) =>
            {
                await Task.Delay(Random.Shared.Next(20, 200));
                sink.Record("Collect", ctx, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return n * n;
            })
            .AddActivityFunc<int[], int>("Analyze", async (ctx, evidence) =>
            {
                await Task.Delay(Random.Shared.Next(20, 200));
                var sum = evidence.Sum();
                sink.Record("Analyze", ctx, sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return sum;
            })
            .AddActivityFunc<string, string>("Remediate", async (ctx, approval) =>
            {
                await Task.Delay(Random.Shared.Next(20, 200));
                sink.Record("Remediate", ctx, approval);
                return "fixed:" + approval;
            })
            .AddActivityFunc<string, bool>("Notify", async (ctx, text) =>
            {
                await Task.Delay(Random.Shared.Next(20, 200));
                sink.Record("Notify", ctx, text);
                return true;
            })
            // Shaped like the alert diagnosis: fan out collection, fan in to analysis, wait for a person, act, tell.
            .AddOrchestratorFunc<int, string>(Diagnose, async (ctx, seed) =>
            {
                var evidence = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => ctx.CallActivityAsync<int>("Collect", (seed * 10) + i)));
                var analysis = await ctx.CallActivityAsync<int>("Analyze", evidence);
                ctx.SetCustomStatus(AwaitingApproval);
                var approval = await ctx.WaitForExternalEvent<string>("Approval");
                ctx.SetCustomStatus("remediating");
                var remediation = await ctx.CallActivityAsync<string>("Remediate", approval);
                await ctx.CallActivityAsync<bool>("Notify", $"{analysis}|{remediation}");
                return $"{analysis}|{approval}|{remediation}";
            })
            // Endless steady work at a few events per second, so a long run does not grow a huge history.
            .AddActivityFunc<int, int>("Pause", async (_, milliseconds) =>
            {
                await Task.Delay(milliseconds);
                return milliseconds;
            })
            .AddOrchestratorFunc<int, int>(Paced, async (ctx, steps) =>
            {
                for (var step = 0; step < steps; step++)
                {
                    await ctx.CallActivityAsync<int>("Pause", 250);
                }

                return steps;
            })
            // Two waits for the same event name: a redelivered first event must not answer the second wait.
            .AddOrchestratorFunc<string?, string>(WaitTwice, async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting-first");
                var first = await ctx.WaitForExternalEvent<string>("Step");
                ctx.SetCustomStatus("waiting-second");
                var second = await ctx.WaitForExternalEvent<string>("Step");
                return $"{first},{second}";
            });
    }

    /// <summary>What <see cref="Diagnose"/> returns for a seed and an approval.</summary>
    public static string DiagnoseResult(int seed, string approval) =>
        $"{Enumerable.Range(1, 3).Sum(i => ((seed * 10) + i) * ((seed * 10) + i))}|{approval}|fixed:{approval}";

    public static long SumOfSquares(int count) => Enumerable.Range(1, count).Sum(n => (long)n * n);
}
