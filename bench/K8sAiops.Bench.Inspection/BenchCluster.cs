using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// The benchmark's cluster: a healthy generated cluster of <c>namespaces</c> namespaces in all (the generator's system
/// namespaces count), <c>nodes</c> worker nodes, and application Deployments of three replicas plus one StatefulSet per
/// application namespace, as many Deployments as bring the pod count nearest to <c>pods</c> (kube-system's pods count).
/// </summary>
internal static class BenchCluster
{
    private const int Replicas = 3;
    private const int StatefulSets = 1;

    public static ClusterSnapshot Create(int pods, int nodes, int namespaces, DateTimeOffset now)
    {
        var system = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = now, Nodes = 1, Namespaces = 0 })
            .Objects.Count(o => Kind(o) == "Namespace");
        var application = Math.Max(1, namespaces - system);
        var shape = new SyntheticClusterOptions { Now = now, Nodes = nodes, Namespaces = application, DeploymentsPerNamespace = 0, ReplicasPerDeployment = Replicas, StatefulSetsPerNamespace = StatefulSets };
        var deployments = Math.Max(1, (int)Math.Round((pods - shape.PodCount) / (double)(application * Replicas)));
        return SyntheticCluster.Generate(shape with { DeploymentsPerNamespace = deployments });
    }

    /// <summary>The snapshot's objects by kind, the largest first.</summary>
    public static Dictionary<string, int> Counts(ClusterSnapshot snapshot) =>
        snapshot.Objects.GroupBy(Kind, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static string Kind(System.Text.Json.Nodes.JsonObject o) => o["kind"]?.GetValue<string>() ?? "?";
}
