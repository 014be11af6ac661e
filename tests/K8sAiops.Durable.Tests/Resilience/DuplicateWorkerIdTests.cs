using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Tests.Orchestrations;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>
/// Two live hosts configured with one WorkerId would share leases (the lease id derives from it): the second refuses
/// to start. A host restarted with its old id after a crash still starts (CrashRecoveryTests restart "w1" each time).
/// </summary>
public sealed class DuplicateWorkerIdTests
{
    [Fact]
    public async Task SecondLiveWorkerWithSameId_RefusesToStartNamingTheId()
    {
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync(configure: o => o.LeaseRenewInterval = TimeSpan.FromSeconds(1));
        await using var hub = await TestHub.StartAsync(store, r => r.AddOrchestratorFunc<int, int>("Echo", (_, n) => Task.FromResult(n)),
            o => o.WorkerId = "host-1");

        var error = await Assert.ThrowsAsync<DuplicateWorkerIdException>(() => hub.AddWorkerAsync(o => o.WorkerId = "host-1"));

        Assert.Contains("host-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await hub.RunAsync("Echo", 5, timeout: TimeSpan.FromSeconds(30))).ReadOutputAs<int>());
    }

    [Fact]
    public async Task WorkerWithAnotherId_StartsBesideTheFirst()
    {
        var store = await AzuriteStoreFactory.CreateAzureStoreAsync(configure: o => o.LeaseRenewInterval = TimeSpan.FromSeconds(1));
        await using var hub = await TestHub.StartAsync(store, r => r.AddOrchestratorFunc<int, int>("Echo", (_, n) => Task.FromResult(n)),
            o => o.WorkerId = "host-1");

        await hub.AddWorkerAsync(o => o.WorkerId = "host-2");

        Assert.Equal(6, (await hub.RunAsync("Echo", 6, timeout: TimeSpan.FromSeconds(30))).ReadOutputAs<int>());
    }
}
