using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;

namespace K8sAiops.Durable.Tests.Orchestrations;

/// <summary>Creates a fresh, empty task hub for each test.</summary>
public interface IStoreFactory
{
    Task<IOrchestrationStore> CreateAsync();
}

public sealed class InMemoryStoreFactory : IStoreFactory
{
    public Task<IOrchestrationStore> CreateAsync() => Task.FromResult<IOrchestrationStore>(new InMemoryOrchestrationStore());
}

/// <summary>A new task hub in the test run's Azurite for each test.</summary>
public sealed class AzuriteStoreFactory : IStoreFactory
{
    public async Task<IOrchestrationStore> CreateAsync() => await CreateAzureStoreAsync();

    public static async Task<K8sAiops.Durable.Storage.AzureStorage.AzureStorageOrchestrationStore> CreateAzureStoreAsync(
        string? taskHub = null, Action<K8sAiops.Durable.Storage.AzureStorage.AzureStorageOptions>? configure = null)
    {
        var options = new K8sAiops.Durable.Storage.AzureStorage.AzureStorageOptions
        {
            ConnectionString = await K8sAiops.Testing.Azurite.GetConnectionStringAsync(),
            TaskHubName = taskHub ?? K8sAiops.Testing.Azurite.NewTaskHubName(),
        };
        configure?.Invoke(options);
        return new K8sAiops.Durable.Storage.AzureStorage.AzureStorageOrchestrationStore(
            options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
    }
}
