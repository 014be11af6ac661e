using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Bench;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// Engine benchmark: one worker on Azurite, each scenario on a fresh task hub. Prints one JSON line per scenario.
// Storage operations are those of the worker's store (queue, table and blob requests), not the client's.
// Usage: dotnet run -c Release --project bench/K8sAiops.Bench [-- --storage CONNECTION_STRING] [--scenario NAME] [--in-memory]
//        [--lease SECONDS] [--mode replacement|survivor]
// --in-memory runs the same scenarios on the in-memory store: the engine's own cost, without storage latency.
// crash-recovery (Azure Storage only) kills a host process with work in flight; --lease sets its partition lease.
var inMemory = args.Contains("--in-memory");
var storage = inMemory ? null : ArgValue("--storage") ?? await K8sAiops.Testing.Azurite.GetConnectionStringAsync();
var only = ArgValue("--scenario");

foreach (var scenario in Scenarios.All.Where(s => only is null || s.Name == only))
{
    var hub = K8sAiops.Testing.Azurite.NewTaskHubName("bench");
    var (workerStore, clientStore) = CreateStores(hub);
    var client = new DurableTaskClient(clientStore, TimeProvider.System);
    var worker = new DurableTaskWorker(workerStore, Scenarios.Register(new DurableTaskRegistry()), new ServiceCollection().BuildServiceProvider(),
        new DurableTaskWorkerOptions { WorkerId = "bench" }, NullLoggerFactory.Instance, TimeProvider.System, client);
    await worker.StartAsync(CancellationToken.None);
    while (worker.OwnedPartitions.Count < workerStore.PartitionCount)
    {
        await Task.Delay(50);
    }

    Console.Error.WriteLine($"running {scenario.Name} ...");
    var opsBefore = workerStore.OperationCount;
    var clientOpsBefore = clientStore.OperationCount;
    var clock = Stopwatch.StartNew();
    await scenario.RunAsync(client);
    clock.Stop();
    var ops = workerStore.OperationCount - opsBefore;
    await worker.DisposeAsync();
    if (workerStore is AzureStorageOrchestrationStore azure)
    {
        await azure.DeleteTaskHubAsync();
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        scenario = scenario.Name,
        units = scenario.UnitName,
        count = scenario.Units,
        seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        perSecond = Math.Round(scenario.Units / clock.Elapsed.TotalSeconds, 1),
        workerStorageOperations = ops,
        storageOperationsPerUnit = Math.Round(ops / (double)scenario.Units, 2),
        clientStorageOperations = clientStore.OperationCount - clientOpsBefore,
        store = inMemory ? "in-memory" : "azurite",
    }));
}

if (!inMemory && (only is null || only == CrashRecovery.Name))
{
    Console.Error.WriteLine($"running {CrashRecovery.Name} ...");
    var lease = ArgValue("--lease") is { } value ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : (double?)null;
    var mode = ArgValue("--mode");
    foreach (var survivor in new[] { false, true }.Where(s => mode is null || mode == (s ? "survivor" : "replacement")))
    {
        Console.WriteLine(JsonSerializer.Serialize(await CrashRecovery.RunAsync(storage!, lease, survivor)));
    }
}

return 0;

(IOrchestrationStore Worker, IOrchestrationStore Client) CreateStores(string hub)
{
    if (inMemory)
    {
        var shared = new InMemoryOrchestrationStore(TimeProvider.System, 4, hub);
        return (shared, shared);
    }

    var options = new AzureStorageOptions { ConnectionString = storage!, TaskHubName = hub };
    return (new AzureStorageOrchestrationStore(options, TimeProvider.System, NullLoggerFactory.Instance),
            new AzureStorageOrchestrationStore(options, TimeProvider.System, NullLoggerFactory.Instance));
}

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
