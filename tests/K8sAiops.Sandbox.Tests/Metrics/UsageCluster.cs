using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>A healthy synthetic cluster for the usage series, what the tests pick from it, and scrapes of the sandbox's exporter paths.</summary>
internal sealed class UsageCluster
{
    public static readonly DateTimeOffset Now = FaultyCluster.Now;

    private UsageCluster(ClusterSnapshot snapshot) => Snapshot = snapshot;

    public ClusterSnapshot Snapshot { get; }

    public static UsageCluster Create(int nodes = 3) =>
        new(SyntheticCluster.Generate(new SyntheticClusterOptions { Now = Now, Seed = 7, Nodes = nodes }));

    /// <summary>A bound claim of a StatefulSet pod: namespace, claim, capacity in bytes, the pod's node.</summary>
    public (string Namespace, string Claim, double Capacity, string Node) MountedClaim()
    {
        var claim = Of("PersistentVolumeClaim").First(c => c["status"]?["phase"]?.ToString() == "Bound");
        var ns = Namespace(claim);
        var name = Name(claim);
        var pod = Of("Pod").First(p => Namespace(p) == ns
            && (p["spec"]?["volumes"] as JsonArray ?? []).Any(v => v?["persistentVolumeClaim"]?["claimName"]?.ToString() == name));
        return (ns, name, Bytes(claim["status"]!["capacity"]!["storage"]!.ToString()), pod["spec"]!["nodeName"]!.ToString());
    }

    /// <summary>An application Deployment whose first container has CPU and memory limits.</summary>
    public (string Namespace, string Deployment, string Container, double MemoryLimit, double CpuLimit) LimitedDeployment()
    {
        var deployment = Of("Deployment").First(d => Namespace(d) != "kube-system"
            && d["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]?["limits"]?["memory"] is not null
            && d["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]?["limits"]?["cpu"] is not null);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        return (Namespace(deployment), Name(deployment), container["name"]!.ToString(),
            Bytes(container["resources"]!["limits"]!["memory"]!.ToString()), Cores(container["resources"]!["limits"]!["cpu"]!.ToString()));
    }

    public IEnumerable<JsonObject> Of(string kind) => Snapshot.Objects.Where(o => o["kind"]?.ToString() == kind);

    public async Task<(SandboxServer Server, FakeTimeProvider Clock)> ServeAsync(MetricTrends? trends = null)
    {
        var clock = new FakeTimeProvider(Now);
        return (await SandboxServer.StartAsync(Snapshot, new SandboxServerOptions { TimeProvider = clock, MetricTrends = trends }), clock);
    }

    /// <summary>GET <paramref name="path"/> (e.g. <c>metrics/cadvisor</c>), checked for 200 and the exposition content type.</summary>
    public static async Task<string> ScrapeTextAsync(SandboxServer server, string path)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return body;
    }

    public static async Task<Exposition> ScrapeAsync(SandboxServer server, string path) => Exposition.Parse(await ScrapeTextAsync(server, path));

    public static double Bytes(string quantity) => Math.Ceiling(Cores(quantity));

    public static double Cores(string quantity) => Quantity.Parse(quantity) ?? throw new FormatException(quantity);

    private static string Namespace(JsonObject o) => o["metadata"]!["namespace"]!.ToString();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.ToString();
}
