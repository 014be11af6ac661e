using K8sAiops.Durable.Client;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>A purge filter naming only statuses that are never purged purges nothing, not everything.</summary>
public sealed class PurgeFilterTests
{
    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task PurgeAll_FilterWithNoTerminalStatus_PurgesNothing(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddOrchestratorFunc<int, int>("Done", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<object?, string>("Waits", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        var finished = await hub.RunAsync("Done", 1);
        var running = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await hub.Client.WaitForInstanceStartAsync(running);

        var result = await hub.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running]));

        Assert.Equal(0, result.PurgedInstanceCount);
        Assert.NotNull(await hub.Client.GetInstanceAsync(finished.InstanceId));
        Assert.NotNull(await hub.Client.GetInstanceAsync(running));
    }

    [Theory]
    [MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task PurgeAll_CompletedFilter_PurgesOnlyCompleted(string backend)
    {
        await using var hub = await TestHub.StartAsync(await Backends.CreateAsync(backend), r => r
            .AddOrchestratorFunc<int, int>("Done", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, int>("Fails", (_, _) => throw new InvalidOperationException("no")));
        var completed = await hub.RunAsync("Done", 1);
        var failed = await hub.RunAsync("Fails", 1);

        var result = await hub.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Running]));

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await hub.Client.GetInstanceAsync(completed.InstanceId));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await hub.Client.GetInstanceAsync(failed.InstanceId))!.RuntimeStatus);
    }
}
