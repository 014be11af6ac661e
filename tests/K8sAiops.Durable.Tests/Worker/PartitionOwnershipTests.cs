using System.Collections.Concurrent;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;

namespace K8sAiops.Durable.Tests.Worker;

/// <summary>
/// One episode per instance, ever: leases are renewed on their own timer whatever a handover is waiting for, and the
/// sessions of a partition this worker lost stop before another worker can own it.
/// </summary>
public sealed class PartitionOwnershipTests
{
    private static void Register(DurableTaskRegistry r) => r
        .AddActivityFunc<int, int>("Double", (_, n) => n * 2)
        .AddOrchestratorFunc<int, int>("Twice", async (ctx, n) => await ctx.CallActivityAsync<int>("Double", n));

    [Fact]
    public async Task Handover_EpisodeStuckInDrain_LeaseRefreshesKeepTheirPace()
    {
        var manager = new ScriptedPartitionManager(4, TimeSpan.FromMilliseconds(100));
        var store = new GatedStore(new ScriptedOwnershipStore(new InMemoryOrchestrationStore(), manager));
        await using var hub = await TestHub.StartAsync(store, Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Twice", 1);
        await store.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the episode is inside its checkpoint

        manager.AskToRelease(Partitioning.PartitionOf(id, 4));
        var before = manager.RefreshCount;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var during = manager.RefreshCount - before;
        store.Gate.TrySetResult();

        Assert.True(during >= 8, $"Only {during} lease refreshes in 2 s at a 100 ms interval while a handover waited for an episode.");
    }

    [Fact]
    public async Task PartitionLost_EpisodeInsideCheckpoint_IsCancelledAndWritesNoHistory()
    {
        var manager = new ScriptedPartitionManager(4, TimeSpan.FromMilliseconds(100));
        var store = new GatedStore(new ScriptedOwnershipStore(new InMemoryOrchestrationStore(), manager));
        await using var hub = await TestHub.StartAsync(store, Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Twice", 1);
        await store.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var lost = Partitioning.PartitionOf(id, 4);
        manager.Own([.. Enumerable.Range(0, 4).Where(p => p != lost)]);
        var seen = manager.RefreshCount;
        while (manager.RefreshCount < seen + 3)
        {
            await Task.Delay(50);
        }

        store.Gate.TrySetResult(); // the stalled call returns now, long after the partition went to someone else
        await Task.Delay(500);

        Assert.DoesNotContain(id, store.Appends);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await hub.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task LeaseRefreshHangs_SessionCancelledBeforeTheLeaseCouldExpire()
    {
        var manager = new ScriptedPartitionManager(4, TimeSpan.FromMilliseconds(100)) { LeaseDuration = TimeSpan.FromSeconds(1.5) };
        var store = new GatedStore(new ScriptedOwnershipStore(new InMemoryOrchestrationStore(), manager));
        await using var hub = await TestHub.StartAsync(store, Register);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Twice", 1);
        await store.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Storage stops answering lease calls: this worker cannot know whether it still owns anything.
        manager.Hang = true;
        var hung = DateTime.UtcNow;
        var cancelledAt = await store.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        store.Gate.TrySetResult();
        await Task.Delay(500);

        Assert.True(cancelledAt - hung < manager.LeaseDuration, $"The episode was cancelled {(cancelledAt - hung).TotalSeconds:F2} s after refreshes stopped; the lease lasts {manager.LeaseDuration.TotalSeconds} s.");
        Assert.DoesNotContain(id, store.Appends);
    }

    [Fact]
    public async Task MessagesWaitingForAnOrchestrationSlot_AreRenewedNotRedelivered()
    {
        var store = new ReceiveRecordingStore(new InMemoryOrchestrationStore());
        await using var hub = await TestHub.StartAsync(store, Register, o =>
        {
            o.MaxConcurrentOrchestrations = 1;
            o.VisibilityTimeout = TimeSpan.FromSeconds(2);
        });
        store.SlowHistoryReads = TimeSpan.FromSeconds(6); // the first episode holds the only slot for 6 s

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await hub.Client.ScheduleNewOrchestrationInstanceAsync("Twice", i));
        }

        foreach (var id in ids)
        {
            await hub.WaitAsync(id, TimeSpan.FromSeconds(90));
        }

        Assert.DoesNotContain(store.Received, r => r.DequeueCount > 1);
    }

    /// <summary>Blocks the first start episode's message send (the first checkpoint step) until released.</summary>
    private sealed class GatedStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the blocked send saw its episode cancelled.</summary>
        public TaskCompletionSource<DateTime> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Appends { get; } = new();

        public override async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
        {
            if (messages.Any(m => m.Message.Event is TaskScheduled) && Blocked.TrySetResult())
            {
                try
                {
                    await Gate.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult(DateTime.UtcNow);
                    throw;
                }
            }

            await Inner.SendAsync(messages, cancellationToken);
        }

        public override Task<AppendedHistory> AppendHistoryAsync(
            string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default)
        {
            Appends.Enqueue(instanceId);
            return Inner.AppendHistoryAsync(instanceId, executionId, token, startIndex, newEvents, cancellationToken);
        }
    }

    /// <summary>Records every control message received, and can make history reads slow.</summary>
    private sealed class ReceiveRecordingStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        private int _slowReads;

        public ConcurrentBag<(string InstanceId, int DequeueCount)> Received { get; } = [];

        public TimeSpan SlowHistoryReads { get; set; }

        public override async Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        {
            var messages = await Inner.ReceiveControlMessagesAsync(partition, maxCount, visibilityTimeout, cancellationToken);
            foreach (var m in messages)
            {
                Received.Add((m.Message.InstanceId, m.DequeueCount));
            }

            return messages;
        }

        public override async Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
        {
            if (SlowHistoryReads > TimeSpan.Zero && Interlocked.Increment(ref _slowReads) == 1)
            {
                await Task.Delay(SlowHistoryReads, cancellationToken);
            }

            return await Inner.LoadHistoryAsync(instanceId, cancellationToken);
        }
    }
}
