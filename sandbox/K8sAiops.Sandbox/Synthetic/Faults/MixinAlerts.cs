using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// The labels kubernetes-mixin alerts reach Alertmanager with under kube-prometheus-stack 45.x
/// (<c>alerting-reference.md</c> section 4): the series' own labels over the kube-state-metrics target's
/// (<c>honorLabels</c>), plus alertname, severity and prometheus.
/// </summary>
internal static class MixinAlerts
{
    private const string Prometheus = "monitoring/kube-prometheus-stack-prometheus";

    public static IReadOnlyDictionary<string, string> PodCrashLooping(ClusterBuilder b, JsonObject pod, string container) =>
        Alert("KubePodCrashLooping", "warning", KsmTarget(b), ("namespace", K8sJson.Namespace(pod)), ("pod", K8sJson.Name(pod)),
            ("uid", K8sJson.Uid(pod)), ("container", container), ("reason", "CrashLoopBackOff"));

    public static IReadOnlyDictionary<string, string> PodNotReady(JsonObject pod) =>
        Alert("KubePodNotReady", "warning", [], ("namespace", K8sJson.Namespace(pod)), ("pod", K8sJson.Name(pod)));

    public static IReadOnlyDictionary<string, string> DeploymentReplicasMismatch(ClusterBuilder b, JsonObject deployment) =>
        Alert("KubeDeploymentReplicasMismatch", "warning", KsmTarget(b), ("namespace", K8sJson.Namespace(deployment)), ("deployment", K8sJson.Name(deployment)));

    public static IReadOnlyDictionary<string, string> StatefulSetReplicasMismatch(ClusterBuilder b, JsonObject statefulSet) =>
        Alert("KubeStatefulSetReplicasMismatch", "warning", KsmTarget(b), ("namespace", K8sJson.Namespace(statefulSet)), ("statefulset", K8sJson.Name(statefulSet)));

    public static IReadOnlyDictionary<string, string> HpaReplicasMismatch(ClusterBuilder b, JsonObject hpa) =>
        Alert("KubeHpaReplicasMismatch", "warning", KsmTarget(b), ("namespace", K8sJson.Namespace(hpa)), ("horizontalpodautoscaler", K8sJson.Name(hpa)));

    public static IReadOnlyDictionary<string, string> JobFailed(ClusterBuilder b, JsonObject job) =>
        Alert("KubeJobFailed", "warning", KsmTarget(b), ("namespace", K8sJson.Namespace(job)), ("job_name", K8sJson.Name(job)), ("condition", "true"));

    public static IReadOnlyDictionary<string, string> NodeNotReady(ClusterBuilder b, JsonObject node) =>
        Alert("KubeNodeNotReady", "warning", KsmTarget(b), ("node", K8sJson.Name(node)), ("condition", "Ready"), ("status", "true"));

    /// <summary>The critical variant (under 3% free); its labels come from the kubelet target, not kube-state-metrics.</summary>
    public static IReadOnlyDictionary<string, string> PersistentVolumeFillingUp(JsonObject claim, JsonObject node)
    {
        (string, string)[] kubelet =
        [
            ("endpoint", "https-metrics"), ("instance", $"{Nodes.InternalIp(node)}:10250"), ("job", "kubelet"), ("metrics_path", "/metrics"),
            ("namespace", "kube-system"), ("node", K8sJson.Name(node)), ("service", "kube-prometheus-stack-kubelet"),
        ];
        return Alert("KubePersistentVolumeFillingUp", "critical", kubelet, ("namespace", K8sJson.Namespace(claim)), ("persistentvolumeclaim", K8sJson.Name(claim)));
    }

    /// <summary>The kube-state-metrics scrape target's labels (T in the reference), from its pod when the snapshot has one.</summary>
    private static (string, string)[] KsmTarget(ClusterBuilder b)
    {
        var pod = b.Objects(ResourceKinds.Pod, SystemNamespaces.Monitoring)
            .FirstOrDefault(p => K8sJson.Text(p, "metadata", "labels", "app.kubernetes.io/name") == "kube-state-metrics");
        var podName = pod is null ? $"{SystemNamespaces.KubeStateMetrics}-6d9f8b7c5-x2v4q" : K8sJson.Name(pod);
        var ip = pod is null ? "10.244.0.15" : K8sJson.Text(pod, "status", "podIP") ?? "10.244.0.15";
        return
        [
            ("container", "kube-state-metrics"), ("endpoint", "http"), ("instance", $"{ip}:8080"), ("job", "kube-state-metrics"),
            ("namespace", SystemNamespaces.Monitoring), ("pod", podName), ("service", SystemNamespaces.KubeStateMetrics),
        ];
    }

    private static IReadOnlyDictionary<string, string> Alert(string name, string severity, (string Key, string Value)[] target, params (string Key, string Value)[] series)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in target)
        {
            labels[key] = value;
        }

        foreach (var (key, value) in series)
        {
            labels[key] = value;
        }

        labels["alertname"] = name;
        labels["severity"] = severity;
        labels["prometheus"] = Prometheus;
        return labels;
    }
}
