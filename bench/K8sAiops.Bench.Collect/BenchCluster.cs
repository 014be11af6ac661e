using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Bench.Collect;

/// <summary>The benchmark's cluster: one application namespace holding about <c>pods</c> pods over 50 nodes.</summary>
internal static class BenchCluster
{
    public static ClusterSnapshot Create(int pods, DateTimeOffset now, out string namespaceName, out string targetPod)
    {
        const int replicas = 5;
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions
        {
            Now = now,
            Nodes = 50,
            Namespaces = 1,
            DeploymentsPerNamespace = Math.Max(1, pods / replicas),
            ReplicasPerDeployment = replicas,
            StatefulSetsPerNamespace = 0,
            LogLinesPerContainer = 50,
        });
        var pod = snapshot.Objects
            .Where(o => (string?)o["kind"] == "Pod" && o["metadata"]?["ownerReferences"] is not null)
            .GroupBy(o => (string)o["metadata"]!["namespace"]!)
            .OrderByDescending(g => g.Count())
            .First();
        namespaceName = pod.Key;
        targetPod = (string)pod.First()["metadata"]!["name"]!;
        return snapshot;
    }
}
