using System.Net;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Functions.Tests.Support;

namespace K8sAiops.Functions.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_InMemoryHost_Returns200WithHubStorageWorkerAndVersion()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(
            ["status", "taskHub", "storage", "workerId", "ownedPartitions", "version"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(host.Durable.Store.TaskHubName, body.GetProperty("taskHub").GetString());
        Assert.Equal("InMemory", body.GetProperty("storage").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("workerId").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_StorageStopsAnswering_Returns503()
    {
        var store = new SwitchableStore(new InMemoryOrchestrationStore(TimeProvider.System, 4, "Health503"));
        await using var host = await TestHost.StartAsync(null, null, defaults: true,
            configure: b => b.Services.AddSingleton<IOrchestrationStore>(store));
        store.Broken = true;

        using var response = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Contains("unreachable", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An in-memory store whose instance reads fail on demand, as a storage outage would.</summary>
    private sealed class SwitchableStore(InMemoryOrchestrationStore inner) : DelegatingOrchestrationStore(inner)
    {
        public bool Broken { get; set; }

        public override Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
            => Broken ? throw new HttpRequestException("Storage is unreachable (test).") : Inner.GetInstanceAsync(instanceId, fetchPayloads, cancellationToken);
    }
}
