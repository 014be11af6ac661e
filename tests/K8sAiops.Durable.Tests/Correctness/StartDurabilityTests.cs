using K8sAiops.Durable.Client;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Storage;
using K8sAiops.TestHost;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>
/// A start is two writes, a queue message and the instance row. Whichever of them fails, or whatever the caller does
/// in between, no instance is left Pending without a start message: it either never shows up, or it runs.
/// </summary>
public sealed class StartDurabilityTests
{
    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task StartMessageSendFails_NoPendingInstanceLeft_RetryRuns(string backend)
    {
        var inner = await Backends.CreateAsync(backend);
        await using var hub = await TestHub.StartAsync(inner, r => TestOrchestrations.Register(r));
        var failing = new FailingStore(inner) { FailStartSends = true };
        var client = new DurableTaskClient(failing, TimeProvider.System);

        await Assert.ThrowsAsync<IOException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 2, new StartOrchestrationOptions("alert-group-1")));

        Assert.Null(await hub.Client.GetInstanceAsync("alert-group-1"));
        failing.FailStartSends = false;
        await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 2, new StartOrchestrationOptions("alert-group-1"));
        var result = await hub.WaitAsync("alert-group-1");
        Assert.Equal(TestOrchestrations.SumOfSquares(2), result.ReadOutputAs<long>());
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task RowWriteFailsAfterStartSent_InstanceStillRunsToCompletion(string backend)
    {
        var inner = await Backends.CreateAsync(backend);
        await using var hub = await TestHub.StartAsync(inner, r => TestOrchestrations.Register(r));
        var client = new DurableTaskClient(new FailingStore(inner) { FailRowCreates = true }, TimeProvider.System);

        await Assert.ThrowsAsync<IOException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 2, new StartOrchestrationOptions("alert-group-2")));

        var result = await hub.WaitAsync("alert-group-2", TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(TestOrchestrations.SumOfSquares(2), result.ReadOutputAs<long>());
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task CallerCancelsAfterStartSent_RowStillWrittenAndInstanceRuns(string backend)
    {
        var inner = await Backends.CreateAsync(backend);
        await using var hub = await TestHub.StartAsync(inner, r => TestOrchestrations.Register(r));
        using var disconnected = new CancellationTokenSource();
        var client = new DurableTaskClient(new FailingStore(inner) { AfterStartSent = disconnected.Cancel }, TimeProvider.System);

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 2, new StartOrchestrationOptions("alert-group-3"), disconnected.Token);
        }
        catch (OperationCanceledException)
        {
            // Either outcome is fine for the caller; what matters is the instance.
        }

        var result = await hub.WaitAsync("alert-group-3", TimeSpan.FromSeconds(60));
        Assert.Equal(TestOrchestrations.SumOfSquares(2), result.ReadOutputAs<long>());
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task TwoClientsStartSameIdAtOnce_OneExecutionRunsTheOtherIsTold(string backend)
    {
        var inner = await Backends.CreateAsync(backend);
        await using var hub = await TestHub.StartAsync(inner, r => TestOrchestrations.Register(r));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await hub.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 2, new StartOrchestrationOptions("alert-group-4"));
                return true;
            }
            catch (OrchestrationAlreadyExistsException)
            {
                return false;
            }
        }));

        Assert.Single(attempts, started => started);
        await hub.WaitAsync("alert-group-4");
        await Task.Delay(1500); // the losers' start messages are processed and dropped meanwhile
        var history = await hub.Client.GetHistoryAsync("alert-group-4");
        Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await hub.Client.GetInstanceAsync("alert-group-4"))!.RuntimeStatus);
    }

    /// <summary>A client's store that fails the start's queue send or its row write, as storage errors or a crash would.</summary>
    private sealed class FailingStore(IOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        public bool FailStartSends { get; set; }

        public bool FailRowCreates { get; set; }

        public Action? AfterStartSent { get; set; }

        public override async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
        {
            var start = messages.Any(m => m.Message.Event is ExecutionStarted);
            if (FailStartSends && start)
            {
                throw new IOException("The queue is unreachable (test).");
            }

            await Inner.SendAsync(messages, cancellationToken);
            if (start)
            {
                AfterStartSent?.Invoke();
            }
        }

        public override Task<CreateInstanceResult> TryCreateInstanceAsync(
            InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
            => FailRowCreates
                ? throw new IOException("The table is unreachable (test).")
                : Inner.TryCreateInstanceAsync(instance, replaceableStatuses, cancellationToken);
    }
}
