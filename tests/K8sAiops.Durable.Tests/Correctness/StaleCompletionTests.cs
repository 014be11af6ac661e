using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using K8sAiops.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// A completion answers one scheduling, not merely a sequence number: the work item of an episode that lost its
/// checkpoint (a stale host) cannot complete the winner's task that happens to have the same id.
/// </summary>
public sealed class StaleCompletionTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Replay_CompletionFromAnotherScheduling_IsDroppedAndTheRealOneApplied()
    {
        var orchestrator = Orchestrator(ctx => ctx.CallActivityAsync<string>("Remediate"));
        List<HistoryEvent> past =
        [
            new OrchestratorStarted { Timestamp = Start },
            new ExecutionStarted { InstanceId = "i1", ExecutionId = "e1", Name = "Test", Timestamp = Start },
            new TaskScheduled { EventId = 0, Name = "Remediate", ScheduleId = "winner", Timestamp = Start },
            new OrchestratorCompleted { Timestamp = Start },
        ];

        var stale = OrchestrationExecutor.Execute(orchestrator, past,
            [new OrchestratorStarted { Timestamp = Start.AddSeconds(1) }, new TaskCompleted { TaskScheduledId = 0, Result = "\"from the stale episode\"", ScheduleId = "loser" }],
            NullLoggerFactory.Instance);
        var real = OrchestrationExecutor.Execute(orchestrator, past,
            [new OrchestratorStarted { Timestamp = Start.AddSeconds(1) }, new TaskCompleted { TaskScheduledId = 0, Result = "\"restarted\"", ScheduleId = "winner" }],
            NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stale.Status);
        Assert.IsType<TaskCompleted>(Assert.Single(stale.DroppedEvents, e => e is not OrchestratorStarted));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, real.Status);
        Assert.Equal("\"restarted\"", real.Output);
    }

    [Fact]
    public void Replay_TimerFiredForAnotherScheduling_DoesNotFireTheTimer()
    {
        var orchestrator = Orchestrator(async ctx =>
        {
            await ctx.CreateTimer(Start.AddHours(1), CancellationToken.None);
            return "woke";
        });
        List<HistoryEvent> past =
        [
            new OrchestratorStarted { Timestamp = Start },
            new ExecutionStarted { InstanceId = "i1", ExecutionId = "e1", Name = "Test", Timestamp = Start },
            new TimerCreated { EventId = 0, FireAt = Start.AddHours(1), ScheduleId = "winner", Timestamp = Start },
            new OrchestratorCompleted { Timestamp = Start },
        ];

        var result = OrchestrationExecutor.Execute(orchestrator, past,
            [new OrchestratorStarted { Timestamp = Start.AddMinutes(1) }, new TimerFired { TimerId = 0, FireAt = Start.AddMinutes(1), ScheduleId = "loser" }],
            NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Running, result.Status);
    }

    [Fact]
    public async Task Worker_StaleWorkItemResultForSameTaskId_DoesNotCompleteTheTask()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new K8sAiops.Durable.Storage.InMemory.InMemoryOrchestrationStore();
        await using var hub = await TestHub.StartAsync(store, r => r
            .AddActivityFunc<object?, string>("Remediate", async (_, _) => await release.Task)
            .AddOrchestratorFunc<object?, string>("Fix", (ctx, _) => ctx.CallActivityAsync<string>("Remediate")));
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Fix");
        OrchestrationRuntimeStatus statusAfterStaleResult;
        try
        {
            var scheduled = await WaitForScheduledAsync(hub, id);

            // What a stale host's copy of task #0 would send: the same instance, execution and task id, another scheduling.
            var executionId = (await hub.Client.GetInstanceAsync(id))!.ExecutionId;
            await store.SendAsync([new OutboundMessage(new TaskMessage(id, executionId,
                new TaskCompleted { TaskScheduledId = scheduled.EventId, Result = "\"scaled to zero by a stale host\"", ScheduleId = "stale-episode" }))]);
            await Task.Delay(500);
            statusAfterStaleResult = (await hub.Client.GetInstanceAsync(id))!.RuntimeStatus;
        }
        finally
        {
            release.TrySetResult("restarted the pod");
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, statusAfterStaleResult);
        var result = await hub.WaitAsync(id);
        Assert.Equal("restarted the pod", result.ReadOutputAs<string>());
    }

    private static async Task<TaskScheduled> WaitForScheduledAsync(TestHub hub, string id)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await hub.Client.GetHistoryAsync(id)).OfType<TaskScheduled>().FirstOrDefault() is { } scheduled)
            {
                return scheduled;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{id} never scheduled its activity.");
    }

    private static ITaskOrchestrator Orchestrator(Func<TaskOrchestrationContext, Task<string>> body)
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc<object?, string>("Test", (ctx, _) => body(ctx));
        registry.TryCreateOrchestrator("Test", new ServiceCollection().BuildServiceProvider(), out var orchestrator);
        return orchestrator!;
    }
}
