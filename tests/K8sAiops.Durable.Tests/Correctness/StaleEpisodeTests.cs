using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Tests.Orchestrations;
using K8sAiops.TestHost;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// An episode that lost the race for an instance (its host stalled, another host went on) cannot overwrite what
/// the winner wrote: neither history payload blobs nor the instance row.
/// </summary>
public sealed class StaleEpisodeTests
{
    [Fact]
    public async Task AzureHistory_LoserAppendsLargeEventAtSameIndex_WinnersPayloadKept()
    {
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync();
        await store.CreateIfNotExistsAsync();
        var started = new ExecutionStarted { InstanceId = "race", ExecutionId = "e1", Name = "Diagnose" };
        var first = await store.AppendHistoryAsync("race", "e1", null, 0, [new OrchestratorStarted(), started, new OrchestratorCompleted()]);
        var winner = new TaskCompleted { TaskScheduledId = 0, Result = Json(new string('w', 100_000)) };
        var loser = new TaskCompleted { TaskScheduledId = 0, Result = Json(new string('l', 100_000)) };

        await store.AppendHistoryAsync("race", "e1", first.Token, 3, [new OrchestratorStarted(), winner, new OrchestratorCompleted()]);
        await Assert.ThrowsAsync<HistoryConflictException>(() =>
            store.AppendHistoryAsync("race", "e1", first.Token, 3, [new OrchestratorStarted(), loser, new OrchestratorCompleted()]));

        var history = await store.LoadHistoryAsync("race");
        Assert.Equal(winner.Result, Assert.IsType<TaskCompleted>(history.Events[4]).Result);
    }

    [Fact]
    public async Task InstanceRow_StaleHostWritesAfterWinnerCompleted_RowStaysCompleted()
    {
        var shared = new InMemoryOrchestrationStore();
        var stale = new StallingStore(shared);
        var registry = new Action<DurableTaskRegistry>(r => TestOrchestrations.Register(r));
        await using var staleHub = await TestHub.StartAsync(stale, registry, o => o.WorkerId = "stalled");
        var id = await staleHub.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 3);
        await stale.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30)); // history of the first episode written, row not yet

        await using var winnerHub = await TestHub.StartAsync(shared, registry, o => o.WorkerId = "winner");
        var result = await winnerHub.WaitAsync(id);
        Assert.Equal(TestOrchestrations.SumOfSquares(3), result.ReadOutputAs<long>());

        stale.Resume.SetResult(); // the stalled host wakes and writes the row of its (long superseded) episode
        await Task.Delay(1000);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await winnerHub.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task WriteInstance_OlderCheckpointOrReplacedExecution_IsNotWritten(string backend)
    {
        var store = await Backends.CreateAsync(backend);
        await store.CreateIfNotExistsAsync();
        var pending = new InstanceRecord { InstanceId = "row", Name = "Diagnose", ExecutionId = "x", RuntimeStatus = OrchestrationRuntimeStatus.Pending };
        Assert.Equal(CreateInstanceResult.Created, await store.TryCreateInstanceAsync(pending, [OrchestrationRuntimeStatus.Completed]));

        var running = await store.WriteInstanceAsync(pending with { RuntimeStatus = OrchestrationRuntimeStatus.Running, Checkpoint = 1 }, null);
        var completed = await store.WriteInstanceAsync(pending with { RuntimeStatus = OrchestrationRuntimeStatus.Completed, Checkpoint = 3 }, null);
        var stale = await store.WriteInstanceAsync(pending with { RuntimeStatus = OrchestrationRuntimeStatus.Running, Checkpoint = 2 }, running.Token);
        Assert.True(running.Written);
        Assert.True(completed.Written);
        Assert.False(stale.Written);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await store.GetInstanceAsync("row"))!.RuntimeStatus);

        var recreated = pending with { ExecutionId = "y" };
        Assert.Equal(CreateInstanceResult.Created, await store.TryCreateInstanceAsync(recreated, [OrchestrationRuntimeStatus.Completed]));
        var repairOfReplaced = await store.WriteInstanceAsync(pending with { RuntimeStatus = OrchestrationRuntimeStatus.Completed, Checkpoint = 3 }, completed.Token);
        var firstOfNew = await store.WriteInstanceAsync(recreated with { RuntimeStatus = OrchestrationRuntimeStatus.Running, Checkpoint = 4 }, null);

        Assert.False(repairOfReplaced.Written);
        Assert.True(firstOfNew.Written);
        var row = (await store.GetInstanceAsync("row"))!;
        Assert.Equal(("y", OrchestrationRuntimeStatus.Running, 4L), (row.ExecutionId, row.RuntimeStatus, row.Checkpoint));
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>A host that stalls right after its first history write, before the instance row, and takes no more work.</summary>
    private sealed class StallingStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<InstanceWrite> WriteInstanceAsync(InstanceRecord instance, object? rowToken, CancellationToken cancellationToken = default)
        {
            if (Stalled.TrySetResult())
            {
                await Resume.Task;
            }

            return await Inner.WriteInstanceAsync(instance, rowToken, cancellationToken);
        }

        public override Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
            => Stalled.Task.IsCompleted ? Task.FromResult<IReadOnlyList<ReceivedMessage>>([]) : Inner.ReceiveControlMessagesAsync(partition, maxCount, visibilityTimeout, cancellationToken);

        public override Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
            => Stalled.Task.IsCompleted ? Task.FromResult<IReadOnlyList<ReceivedMessage>>([]) : Inner.ReceiveWorkItemsAsync(maxCount, visibilityTimeout, cancellationToken);
    }
}
