using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>A synthetic cluster with the faults the alerting tests look for, and a sandbox serving it on a fake clock.</summary>
internal sealed class FaultyCluster
{
    public static readonly DateTimeOffset Now = new(2024, 5, 20, 10, 0, 0, TimeSpan.Zero);

    public static readonly string[] Categories = ["crash-loop", "image-pull", "scaled-to-zero", "job-failed", "node-not-ready", "hpa-misconfigured", "quota-exceeded"];

    private FaultyCluster(ClusterSnapshot snapshot, IReadOnlyDictionary<string, InjectedFault> faults)
    {
        Snapshot = snapshot;
        Faults = faults;
    }

    public ClusterSnapshot Snapshot { get; }

    /// <summary>The injected faults by category.</summary>
    public IReadOnlyDictionary<string, InjectedFault> Faults { get; }

    public static FaultyCluster Create(params string[] categories)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now, Seed = 7, Nodes = 4 });
        var faults = (categories.Length == 0 ? Categories : categories)
            .ToDictionary(c => c, c => global::K8sAiops.Sandbox.Synthetic.Faults.Inject(snapshot, c, Now), StringComparer.Ordinal);
        return new FaultyCluster(snapshot, faults);
    }

    public async Task<(SandboxServer Server, FakeTimeProvider Clock)> ServeAsync()
    {
        var clock = new FakeTimeProvider(Now);
        return (await SandboxServer.StartAsync(Snapshot, new SandboxServerOptions { TimeProvider = clock }), clock);
    }

    public static async Task<string> ScrapeAsync(SandboxServer server, string query = "")
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync("metrics" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics{query}: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return body;
    }
}
