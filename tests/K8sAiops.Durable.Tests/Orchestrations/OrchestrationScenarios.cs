using K8sAiops.Durable.Client;
using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Tests.Orchestrations;

/// <summary>
/// Orchestration behaviour every store must give; each derived class runs these against one backend.
/// </summary>
public abstract class OrchestrationScenarios(IStoreFactory factory)
{
    private async Task<TestHub> StartHubAsync(Action<DurableTaskRegistry> register)
        => await TestHub.StartAsync(await factory.CreateAsync(), register);

    [Fact]
    public async Task ActivityChain_ThreeSteps_ReturnsComposedResult()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}")
            .AddOrchestratorFunc<string, string[]>("Chain", async (ctx, _) =>
            [
                await ctx.CallActivityAsync<string>("Hello", "Tokyo"),
                await ctx.CallActivityAsync<string>("Hello", "Seattle"),
                await ctx.CallActivityAsync<string>("Hello", "London"),
            ]));

        var result = await hub.RunAsync("Chain");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo", "Hello Seattle", "Hello London"], result.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task FanOut_200Activities_SumsEveryResult()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, n) => n * n)
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
            {
                var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(n => ctx.CallActivityAsync<int>("Square", n)));
                return squares.Sum(s => (long)s);
            }));

        var result = await hub.RunAsync("FanOut", 200, timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 200).Sum(n => (long)n * n), result.ReadOutputAs<long>());
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(200, history.OfType<TaskScheduled>().Count());
        Assert.Equal(200, history.OfType<TaskCompleted>().Select(c => c.TaskScheduledId).Distinct().Count());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedInTime_ReturnsEvent()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Approve", async (ctx, _) =>
        {
            try
            {
                return await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(30));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        }));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Approve");
        await hub.Client.WaitForInstanceStartAsync(id);
        await hub.Client.RaiseEventAsync(id, "Approval", "approved by alice");
        var result = await hub.WaitAsync(id);

        Assert.Equal("approved by alice", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_NotRaised_TakesTimeoutBranch()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Approve", async (ctx, _) =>
        {
            try
            {
                return await ctx.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(2));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        }));

        var result = await hub.RunAsync("Approve");

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_RaisedBeforeWaiting_IsBuffered()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<int, int>("Slow", (_, n) => { Thread.Sleep(300); return n; })
            .AddOrchestratorFunc<object?, string>("Late", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<int>("Slow", 1);
                return await ctx.WaitForExternalEvent<string>("Go");
            }));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Late");
        await hub.Client.RaiseEventAsync(id, "Go", "early");
        var result = await hub.WaitAsync(id);

        Assert.Equal("early", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RetryPolicy_ActivityFailsTwice_SucceedsOnThirdAttemptAfterDurableTimers()
    {
        var attempts = 0;
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<object?, int>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3 ? throw new InvalidOperationException("not yet") : attempts)
            .AddOrchestratorFunc<object?, int>("Retry", (ctx, _) =>
                ctx.CallActivityAsync<int>("Flaky", null, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200), 2)))));

        var result = await hub.RunAsync("Retry");

        Assert.Equal(3, result.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(2, history.OfType<TaskFailed>().Count());
        Assert.Equal(2, history.OfType<TimerFired>().Count());
    }

    [Fact]
    public async Task ActivityFailure_NotCaught_FailsOrchestrationWithDetails()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<object?, int>("Boom", (_, _) => Task.FromException<int>(new InvalidOperationException("disk full")))
            .AddOrchestratorFunc<object?, int>("Fails", (ctx, _) => ctx.CallActivityAsync<int>("Boom")));

        var result = await hub.RunAsync("Fails");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("disk full", result.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task SubOrchestration_ReturnsChildResult()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, n) => n * 2)
            .AddOrchestratorFunc<int, int>("Child", (ctx, n) => ctx.CallActivityAsync<int>("Double", n))
            .AddOrchestratorFunc<int, int>("Parent", async (ctx, n) =>
            {
                var results = await Task.WhenAll(ctx.CallSubOrchestratorAsync<int>("Child", n), ctx.CallSubOrchestratorAsync<int>("Child", n + 1));
                return results.Sum();
            }));

        var result = await hub.RunAsync("Parent", 10);

        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ContinueAsNew_CountsToFive_KeepsOnlyLastExecutionHistory()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
        {
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
            if (n < 5)
            {
                ctx.ContinueAsNew(n + 1);
            }

            return n;
        }));

        var result = await hub.RunAsync("Counter", 1);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(5, result.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);
        Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Equal("5", history.OfType<ExecutionStarted>().Single().Input);
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithReason()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        await hub.Client.WaitForInstanceStartAsync(id);
        await hub.Client.TerminateInstanceAsync(id, "operator said so");
        var result = await hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("operator said so", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<OrchestrationFinishedException>(() => hub.Client.RaiseEventAsync(id, "never"));
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_DeliveredAfterResume()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Pausable", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Pausable");
        await hub.Client.WaitForInstanceStartAsync(id);
        await hub.Client.SuspendInstanceAsync(id, "maintenance");
        await WaitForStatusAsync(hub, id, OrchestrationRuntimeStatus.Suspended);
        await hub.Client.RaiseEventAsync(id, "go", "resumed value");
        await Task.Delay(500);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await hub.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await hub.Client.ResumeInstanceAsync(id);
        var result = await hub.WaitAsync(id);

        Assert.Equal("resumed value", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CustomStatus_SetByOrchestrator_VisibleToClient()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Steps", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new { step = "collect" });
            return await ctx.WaitForExternalEvent<string>("done");
        }));

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Steps");
        var status = await WaitForStatusAsync(hub, id, OrchestrationRuntimeStatus.Running);
        for (var i = 0; i < 50 && status.SerializedCustomStatus is null; i++)
        {
            await Task.Delay(50);
            status = (await hub.Client.GetInstanceAsync(id))!;
        }

        Assert.Equal("""{"step":"collect"}""", status.SerializedCustomStatus);
        await hub.Client.RaiseEventAsync(id, "done", "ok");
        await hub.WaitAsync(id);
    }

    [Fact]
    public async Task NewGuid_SameEpisode_DeterministicAcrossReplays()
    {
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, s) => s)
            .AddOrchestratorFunc<object?, bool>("Guids", async (ctx, _) =>
            {
                var first = ctx.NewGuid();
                var echoed = await ctx.CallActivityAsync<string>("Echo", first.ToString());
                await ctx.CallActivityAsync<string>("Echo", "second episode");
                return echoed == first.ToString() && ctx.NewGuid() != first;
            }));

        var result = await hub.RunAsync("Guids");

        Assert.True(result.ReadOutputAs<bool>());
    }

    [Fact]
    public async Task LargeResult_OneMegabyte_RoundTrips()
    {
        var big = new string('k', 1024 * 1024);
        await using var hub = await StartHubAsync(r => r
            .AddActivityFunc<int, string>("Big", (_, n) => new string('k', n))
            .AddOrchestratorFunc<int, string>("Large", (ctx, n) => ctx.CallActivityAsync<string>("Big", n)));

        var result = await hub.RunAsync("Large", big.Length);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(big, result.ReadOutputAs<string>());
        var completed = (await hub.Client.GetHistoryAsync(result.InstanceId)).OfType<TaskCompleted>().Single();
        Assert.Equal(big.Length + 2, completed.Result!.Length);
    }

    [Fact]
    public async Task ScheduleNew_DuplicateRunningInstanceId_Throws()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, string>("Waits", (ctx, _) => ctx.WaitForExternalEvent<string>("x")));

        await hub.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions("same-id"));

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            hub.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions("same-id")));
    }

    [Fact]
    public async Task UnregisteredActivity_FailsOrchestrationNamingIt()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, int>("CallsMissing", (ctx, _) => ctx.CallActivityAsync<int>("Missing")));

        var result = await hub.RunAsync("CallsMissing");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("'Missing'", result.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task NonDurableAwait_TaskDelayInOrchestrator_FailsWithClearMessage()
    {
        await using var hub = await StartHubAsync(r => r.AddOrchestratorFunc<object?, int>("Sleeps", async (_, _) =>
        {
            await Task.Delay(10);
            return 1;
        }));

        var result = await hub.RunAsync("Sleeps");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("not durable", result.FailureDetails!.ErrorMessage);
    }

    internal static async Task<OrchestrationMetadata> WaitForStatusAsync(TestHub hub, string id, OrchestrationRuntimeStatus status)
    {
        for (var i = 0; i < 300; i++)
        {
            var metadata = await hub.Client.GetInstanceAsync(id, true);
            if (metadata?.RuntimeStatus == status)
            {
                return metadata;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never reached {status}.");
    }
}

public sealed class InMemoryOrchestrationTests() : OrchestrationScenarios(new InMemoryStoreFactory());

public sealed class AzuriteOrchestrationTests() : OrchestrationScenarios(new AzuriteStoreFactory());
