using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.InMemory;
using K8sAiops.Durable.Tests.Orchestrations;

namespace K8sAiops.Durable.Tests.Correctness;

/// <summary>The stores a correctness test runs against: the same behaviour is owed by both.</summary>
public static class Backends
{
    public const string InMemory = "in-memory";
    public const string Azurite = "azurite";

    public static TheoryData<string> Both => [InMemory, Azurite];

    public static async Task<IOrchestrationStore> CreateAsync(string backend)
        => backend == Azurite ? await AzuriteStoreFactory.CreateAzureStoreAsync() : new InMemoryOrchestrationStore();
}
