using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Bench.Collect;

/// <summary>
/// The benchmark's cluster: one application namespace holding about <c>pods</c> pods over 50 nodes, plus a
/// crash-looping Deployment in it whose pod is the one-pod scenario's target (so its bundle has previous logs,
/// restarts and Warning events to read, as a real alert's would).
/// </summary>
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
        var fault = Faults.Inject(snapshot, "crash-loop", new FaultOptions { Now = now });
        namespaceName = fault.AlertTarget.Namespace;
        targetPod = fault.AlertTarget.Name;
        return snapshot;
    }
}
