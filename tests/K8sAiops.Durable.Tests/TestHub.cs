using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Durable.Tests;

/// <summary>A task hub with one worker and a client, over whichever store a test class provides.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly List<DurableTaskWorker> _workers = [];

    private TestHub(IOrchestrationStore store, DurableTaskRegistry registry, DurableTaskClient client)
    {
        Store = store;
        Registry = registry;
        Client = client;
    }

    public IOrchestrationStore Store { get; }

    public DurableTaskRegistry Registry { get; }

    public DurableTaskClient Client { get; }

    public static async Task<TestHub> StartAsync(IOrchestrationStore store, Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? configure = null)
    {
        var hub = await CreateAsync(store, register);
        await hub.AddWorkerAsync(configure);
        return hub;
    }

    /// <summary>A hub with a client and no worker yet: messages pile up until <see cref="AddWorkerAsync"/>.</summary>
    public static async Task<TestHub> CreateAsync(IOrchestrationStore store, Action<DurableTaskRegistry> register)
    {
        var registry = new DurableTaskRegistry();
        register(registry);
        await store.CreateIfNotExistsAsync();
        return new TestHub(store, registry, new DurableTaskClient(store, TimeProvider.System));
    }

    public async Task<DurableTaskWorker> AddWorkerAsync(Action<DurableTaskWorkerOptions>? configure = null)
    {
        var options = new DurableTaskWorkerOptions { WorkerId = $"test-worker-{_workers.Count}", MaxPollingInterval = TimeSpan.FromMilliseconds(200) };
        configure?.Invoke(options);
        var worker = new DurableTaskWorker(Store, Registry, new ServiceCollection().BuildServiceProvider(), options, NullLoggerFactory.Instance, TimeProvider.System, Client);
        await worker.StartAsync(CancellationToken.None);
        _workers.Add(worker);
        return worker;
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        }
        catch (OperationCanceledException)
        {
            var state = await Client.GetInstanceAsync(instanceId, true);
            throw new TimeoutException($"Instance {instanceId} did not finish in time; it is {state?.RuntimeStatus.ToString() ?? "unknown"}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
