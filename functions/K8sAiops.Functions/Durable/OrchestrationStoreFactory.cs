using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Storage.InMemory;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Durable;

/// <summary>Chooses the store from <c>AzureWebJobsStorage</c>: Azure Storage (Azurite locally) or, for <c>InMemory</c>, this process.</summary>
internal static class OrchestrationStoreFactory
{
    public static IOrchestrationStore Create(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var hub = services.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return storage.Kind switch
        {
            StorageKind.InMemory => new InMemoryOrchestrationStore(time, hub.PartitionCount, hub.TaskHubName),
            _ => new AzureStorageOrchestrationStore(hub, time, services.GetRequiredService<ILoggerFactory>()),
        };
    }
}
