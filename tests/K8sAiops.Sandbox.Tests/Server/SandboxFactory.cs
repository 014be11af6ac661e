using K8sAiops.Sandbox.Server;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Sandbox.Tests.Server;

/// <summary>Starts a sandbox over a test cluster with a fake clock at <see cref="TestCluster.Now"/>.</summary>
internal static class SandboxFactory
{
    public static async Task<(SandboxServer Server, ApiClient Api, FakeTimeProvider Clock)> StartAsync(TestCluster cluster)
    {
        var clock = new FakeTimeProvider(TestCluster.Now);
        var server = await SandboxServer.StartAsync(cluster.Snapshot, new SandboxServerOptions { TimeProvider = clock });
        return (server, new ApiClient(server.BaseAddress), clock);
    }
}
