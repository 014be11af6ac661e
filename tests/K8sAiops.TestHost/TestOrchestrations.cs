using K8sAiops.Durable;

namespace K8sAiops.TestHost;

/// <summary>The orchestrations the crash and multi-host tests run in separate processes.</summary>
public static class TestOrchestrations
{
    public const string FanOut = nameof(FanOut);
    public const string Sequence = nameof(Sequence);
    public const string Approval = nameof(Approval);
    public const string Square = nameof(Square);

    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => registry
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
        });

    public static long SumOfSquares(int count) => Enumerable.Range(1, count).Sum(n => (long)n * n);
}
