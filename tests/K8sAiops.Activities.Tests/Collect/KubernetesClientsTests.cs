using k8s;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Tests.Collect;

public class KubernetesClientsTests
{
    private static string Kubeconfig(string current, params (string Name, Uri Server)[] clusters) =>
        $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        {string.Concat(clusters.Select(c => $"- name: {c.Name}\n  cluster:\n    server: {c.Server}\n"))}
        users:
        - name: sre
          user:
            token: not-a-real-token
        contexts:
        {string.Concat(clusters.Select(c => $"- name: {c.Name}\n  context:\n    cluster: {c.Name}\n    user: sre\n"))}
        """;

    private static ClusterSnapshot ClusterWithNamespaces(int namespaces) =>
        SyntheticCluster.Generate(new SyntheticClusterOptions { Now = DateTimeOffset.UnixEpoch.AddYears(56), Namespaces = namespaces, SystemWorkloads = false });

    [Fact]
    public async Task For_TwoContextsOfOneKubeconfig_ReadsEachCluster()
    {
        await using var east = await SandboxServer.StartAsync(ClusterWithNamespaces(1));
        await using var west = await SandboxServer.StartAsync(ClusterWithNamespaces(3));
        var path = Path.Combine(Directory.CreateTempSubdirectory("k8saiops-kubeconfig-").FullName, "config");
        await File.WriteAllTextAsync(path, Kubeconfig("east", ("east", east.BaseAddress), ("west", west.BaseAddress)));
        using var clients = new KubernetesClients(Options.Create(new KubernetesOptions { Kubeconfig = path }), () => []);

        var (defaultClient, defaultCluster) = clients.For();
        var (westClient, westCluster) = clients.For("west");

        Assert.Equal("east", defaultCluster);
        Assert.Equal("west", westCluster);
        var eastNamespaces = (await defaultClient.CoreV1.ListNamespaceAsync()).Items.Count;
        var westNamespaces = (await westClient.CoreV1.ListNamespaceAsync()).Items.Count;
        Assert.Equal(2, westNamespaces - eastNamespaces);
        Assert.Same(westClient, clients.For("west").Client);
    }

    [Fact]
    public void For_KubeconfigMissing_NamesTheSettingAndThePath()
    {
        using var clients = new KubernetesClients(Options.Create(new KubernetesOptions { Kubeconfig = "/nonexistent/kubeconfig" }), () => []);

        var error = Assert.Throws<InvalidOperationException>(() => clients.For());

        Assert.Contains("/nonexistent/kubeconfig", error.Message, StringComparison.Ordinal);
        Assert.Contains("Collect:Kubernetes:Kubeconfig", error.Message, StringComparison.Ordinal);
    }
}
