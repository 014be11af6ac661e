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
    private sealed class SwitchableStore(InMemoryOrchestrationStore inner) : IOrchestrationStore
    {
        public bool Broken { get; set; }

        public string TaskHubName => inner.TaskHubName;

        public int PartitionCount => inner.PartitionCount;

        public long OperationCount => inner.OperationCount;

        public Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
            => Broken ? throw new HttpRequestException("Storage is unreachable (test).") : inner.GetInstanceAsync(instanceId, fetchPayloads, cancellationToken);

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default) => inner.SendAsync(messages, cancellationToken);

        public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
            => inner.ReceiveControlMessagesAsync(partition, maxCount, visibilityTimeout, cancellationToken);

        public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
            => inner.ReceiveWorkItemsAsync(maxCount, visibilityTimeout, cancellationToken);

        public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default) => inner.DeleteMessageAsync(message, cancellationToken);

        public Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default) => inner.ReleaseMessageAsync(message, delay, cancellationToken);

        public Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) => inner.RenewMessageAsync(message, visibilityTimeout, cancellationToken);

        public Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadHistoryAsync(instanceId, cancellationToken);

        public Task<object?> AppendHistoryAsync(string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<K8sAiops.Durable.History.HistoryEvent> newEvents, CancellationToken cancellationToken = default)
            => inner.AppendHistoryAsync(instanceId, executionId, token, startIndex, newEvents, cancellationToken);

        public Task UpdateInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default) => inner.UpdateInstanceAsync(instance, cancellationToken);

        public Task<CreateInstanceResult> TryCreateInstanceAsync(InstanceRecord instance, IReadOnlyCollection<K8sAiops.Durable.OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
            => inner.TryCreateInstanceAsync(instance, replaceableStatuses, cancellationToken);

        public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryInstancesAsync(query, cancellationToken);

        public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => inner.PurgeInstanceAsync(instanceId, cancellationToken);

        public IPartitionManager CreatePartitionManager(string workerId) => inner.CreatePartitionManager(workerId);
    }
}
