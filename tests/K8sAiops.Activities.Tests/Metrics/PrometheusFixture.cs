using K8sAiops.Testing;

namespace K8sAiops.Activities.Tests.Metrics;

/// <summary>One real Prometheus for the tests of a class; when it is not installed, every test of the class fails saying so.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? _server;

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("Prometheus did not start.");

    public async Task InitializeAsync() => _server = await PrometheusServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
