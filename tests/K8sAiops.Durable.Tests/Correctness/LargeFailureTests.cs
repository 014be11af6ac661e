namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// Failure details and custom status too large for a table column go to blobs like inputs and outputs do, so a
/// big failure cannot leave an instance unwritable (DF #502). CJK text is the worst case: the JSON encoder writes
/// each such character as a six-character escape.
/// </summary>
public sealed class LargeFailureTests
{
    private static readonly string Cjk = string.Concat(Enumerable.Repeat("節点が応答しません", 40_000 / 9 + 1))[..40_000];

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task ActivityThrows40kCjkMessageThreeLevelsDeep_InstanceFailsWithAllThreeLevels(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddActivityFunc<object?, int>("Collect", (_, _) => Task.FromException<int>(
                new InvalidOperationException("level 1 " + Cjk, new TimeoutException("level 2 " + Cjk, new IOException("level 3 " + Cjk)))))
            .AddOrchestratorFunc<object?, int>("Diagnose", (ctx, _) => ctx.CallActivityAsync<int>("Collect")));

        var result = await hub.RunAsync("Diagnose", timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var failure = result.FailureDetails!;
        Assert.Contains("level 1 節点が応答しません", failure.ErrorMessage);
        Assert.StartsWith("level 2 節点", failure.InnerFailure!.ErrorMessage);
        Assert.StartsWith("level 3 節点", failure.InnerFailure.InnerFailure!.ErrorMessage);
        Assert.Equal(typeof(IOException).FullName, failure.InnerFailure.InnerFailure.ErrorType);

        var listed = await hub.Client.QueryInstancesAsync(new Client.OrchestrationQuery { InstanceIdPrefix = result.InstanceId });
        Assert.StartsWith("level 3 節点", Assert.Single(listed.Values).FailureDetails!.InnerFailure!.InnerFailure!.ErrorMessage);
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task OrchestratorThrowsHugeCjkMessage_InstanceFailsReadably(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddOrchestratorFunc<object?, int>("Diagnose", (_, _) => throw new InvalidOperationException(Cjk, new InvalidOperationException(Cjk))));

        var result = await hub.RunAsync("Diagnose", timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.StartsWith("節点が応答しません", result.FailureDetails!.ErrorMessage);
        Assert.NotNull(result.FailureDetails.InnerFailure);
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task CustomStatusAtTheLimitInCjk_VisibleToClient(string backend)
    {
        var status = Cjk[..2_700]; // 2,700 × 6 = 16,200 escaped characters: just under the 16 KB limit
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddOrchestratorFunc<string, string>("Reports", async (ctx, s) =>
            {
                ctx.SetCustomStatus(s);
                return await ctx.WaitForExternalEvent<string>("done");
            }));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Reports", status);
        string? seen = null;
        for (var i = 0; i < 200 && seen is null; i++)
        {
            seen = (await hub.Client.GetInstanceAsync(id))?.ReadCustomStatusAs<string>();
            await Task.Delay(50);
        }

        Assert.Equal(status, seen);
        await hub.Client.RaiseEventAsync(id, "done", "ok");
        await hub.WaitAsync(id);
    }
}
