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
