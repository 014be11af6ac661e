using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>Once an episode decides the orchestration Failed or Terminated, none of its pending actions is dispatched.</summary>
public sealed class EpisodeEndTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void CompletionThenTerminate_SameBatch_DispatchesNothing()
    {
        var orchestrator = Orchestrator(async ctx =>
        {
            await ctx.CallActivityAsync<int>("Collect");
            var analyze = ctx.CallActivityAsync<int>("Analyze");
            var timer = ctx.CreateTimer(TimeSpan.FromMinutes(5), CancellationToken.None);
            ctx.SendEvent("other", "Started", null);
            await Task.WhenAll(analyze, timer);
            return "done";
        });
        List<HistoryEvent> past = [new OrchestratorStarted { Timestamp = Start }, Started(), Scheduled(0, "Collect"), new OrchestratorCompleted { Timestamp = Start }];
        List<HistoryEvent> batch =
        [
            new OrchestratorStarted { Timestamp = Start.AddSeconds(1) },
            new TaskCompleted { TaskScheduledId = 0, Result = "1" },
            new ExecutionTerminated { Input = "\"operator\"" },
        ];

        var result = OrchestrationExecutor.Execute(orchestrator, past, batch, NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.Status);
        Assert.Empty(result.NewActions);
        Assert.DoesNotContain(result.NewHistory, e => e is TaskScheduled or TimerCreated or EventSent);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.NewHistory.OfType<ExecutionCompleted>().Single().OrchestrationStatus);
    }

    [Fact]
    public void ThrowsAfterScheduling_Failed_DispatchesNothing()
    {
        var orchestrator = Orchestrator(async ctx =>
        {
            await ctx.CallActivityAsync<int>("Collect");
            _ = ctx.CallActivityAsync<int>("Remediate");
            _ = ctx.CallSubOrchestratorAsync<int>("Child");
            ctx.SendEvent("other", "Started", null);
            throw new InvalidOperationException("the analysis is inconsistent");
        });
        List<HistoryEvent> past = [new OrchestratorStarted { Timestamp = Start }, Started(), Scheduled(0, "Collect"), new OrchestratorCompleted { Timestamp = Start }];
        List<HistoryEvent> batch = [new OrchestratorStarted { Timestamp = Start.AddSeconds(1) }, new TaskCompleted { TaskScheduledId = 0, Result = "1" }];

        var result = OrchestrationExecutor.Execute(orchestrator, past, batch, NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Status);
        Assert.Empty(result.NewActions);
        Assert.DoesNotContain(result.NewHistory, e => e is TaskScheduled or SubOrchestrationInstanceCreated or EventSent);
    }

    [Fact]
    public void CompletesAfterSchedulingFireAndForget_Completed_StillDispatchesIt()
    {
        var orchestrator = Orchestrator(async ctx =>
        {
            await ctx.CallActivityAsync<int>("Collect");
            _ = ctx.CallActivityAsync<int>("Notify");
            return "done";
        });
        List<HistoryEvent> past = [new OrchestratorStarted { Timestamp = Start }, Started(), Scheduled(0, "Collect"), new OrchestratorCompleted { Timestamp = Start }];
        List<HistoryEvent> batch = [new OrchestratorStarted { Timestamp = Start.AddSeconds(1) }, new TaskCompleted { TaskScheduledId = 0, Result = "1" }];

        var result = OrchestrationExecutor.Execute(orchestrator, past, batch, NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.Status);
        Assert.Equal("Notify", Assert.IsType<ScheduleTaskAction>(Assert.Single(result.NewActions)).Name);
    }

    private static ExecutionStarted Started() => new() { InstanceId = "i1", ExecutionId = "e1", Name = "Test", Timestamp = Start };

    private static TaskScheduled Scheduled(int id, string name) => new() { EventId = id, Name = name, Timestamp = Start };

    private static ITaskOrchestrator Orchestrator(Func<TaskOrchestrationContext, Task<string>> body)
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc<object?, string>("Test", (ctx, _) => body(ctx));
        registry.TryCreateOrchestrator("Test", new ServiceCollection().BuildServiceProvider(), out var orchestrator);
        return orchestrator!;
    }
}
