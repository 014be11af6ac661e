using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// The kube-state-metrics families the kubernetes-mixin alerts read, computed from one store state
/// (<c>alerting-reference.md</c> sections 2–3): family names, labels, HELP and TYPE as KSM 2.9 writes them.
/// </summary>
internal static class KubeStateMetrics
{
    /// <summary>The exposition text for <paramref name="state"/>; <paramref name="extraRestarts"/> adds simulated restarts per waiting reason.</summary>
    public static string Render(StoreState state, Func<string?, long> extraRestarts)
    {
        var w = new ExpositionWriter();
        var pods = state.List(ResourceKinds.Pod).ToList();
        var nodes = state.List(ResourceKinds.Node).ToList();
        PodMetrics.Write(w, pods, extraRestarts);
        ResourceMetrics.WriteContainers(w, pods);
        WorkloadMetrics.WriteDeployments(w, [.. state.List(ResourceKinds.Deployment)]);
        WorkloadMetrics.WriteStatefulSets(w, [.. state.List(ResourceKinds.StatefulSet)]);
        WorkloadMetrics.WriteDaemonSets(w, [.. state.List(ResourceKinds.DaemonSet)]);
        JobMetrics.Write(w, [.. state.List(ResourceKinds.Job)]);
        NodeMetrics.Write(w, nodes);
        ResourceMetrics.WriteNodes(w, nodes);
        StorageMetrics.Write(w, [.. state.List(ResourceKinds.PersistentVolumeClaim)], [.. state.List(ResourceKinds.PersistentVolume)]);
        AutoscalerMetrics.Write(w, [.. state.List(ResourceKinds.HorizontalPodAutoscaler)]);
        QuotaMetrics.Write(w, [.. state.List(ResourceKinds.ResourceQuota)]);
        return w.ToString();
    }
}
