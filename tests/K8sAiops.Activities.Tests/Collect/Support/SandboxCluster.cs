using k8s;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Redaction;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Tests.Collect.Support;

/// <summary>
/// A sandbox serving one snapshot, a KubernetesClient built from the kubeconfig the sandbox writes (the path a
/// user's kubeconfig takes), and a collector with default bounds.
/// </summary>
internal sealed class SandboxCluster : IAsyncDisposable
{
    private readonly string _folder;

    private SandboxCluster(SandboxServer server, IKubernetes client, string folder)
    {
        Server = server;
        Client = client;
        _folder = folder;
    }

    public SandboxServer Server { get; }

    public IKubernetes Client { get; }

    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    public static async Task<SandboxCluster> StartAsync(ClusterSnapshot snapshot)
    {
        var server = await SandboxServer.StartAsync(snapshot);
        var folder = Directory.CreateTempSubdirectory("k8saiops-collect-").FullName;
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig), new RequestCounter());
        return new SandboxCluster(server, client, folder);
    }

    public static KubernetesEvidenceCollector Collector(CollectOptions? options = null) =>
        new(Options.Create(options ?? new CollectOptions()), Redactor.Default, TimeProvider.System, NullLogger<KubernetesEvidenceCollector>.Instance);

    public Task<EvidenceBundle> CollectAsync(ResourceRef target, CollectOptions? options = null) =>
        Collector(options).CollectAsync(Client, "sandbox", target);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
