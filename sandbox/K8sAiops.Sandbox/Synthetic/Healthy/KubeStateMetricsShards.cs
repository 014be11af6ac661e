using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// kube-state-metrics as kube-prometheus-stack runs it with <c>autosharding.enabled</c> and two replicas: a StatefulSet
/// whose pods learn their shard from their ordinal (<c>--pod</c>, <c>--pod-namespace</c>), so each object's series come from
/// exactly one pod. Two unsharded replicas would export every series twice and break the mixin's joins; one replica is a
/// single point of failure. It reads the whole cluster through its ClusterRoleBinding.
/// </summary>
internal static class KubeStateMetricsShards
{
    public const int Replicas = 2;
    private const string Name = SystemNamespaces.KubeStateMetrics;
    private const string Ns = SystemNamespaces.Monitoring;

    public static void Add(ClusterBuilder b, DateTimeOffset created)
    {
        var selector = K8sJson.Labels(("app.kubernetes.io/instance", "kube-prometheus-stack"), ("app.kubernetes.io/name", "kube-state-metrics"));
        var labels = K8sJson.Labels(("app.kubernetes.io/component", "metrics"), ("app.kubernetes.io/instance", "kube-prometheus-stack"),
            ("app.kubernetes.io/managed-by", "Helm"), ("app.kubernetes.io/name", "kube-state-metrics"), ("app.kubernetes.io/version", "2.10.1"));
        Configuration.ServiceAccount(b, Ns, Name, created, (JsonObject)labels.DeepClone());
        Rbac.ClusterRoleBinding(b, Name, Name, created, (JsonObject)labels.DeepClone(), (Ns, Name));
        var service = Networking.Service(b, Ns, Name, (JsonObject)selector.DeepClone(), 8080, 8080, created, labels: (JsonObject)labels.DeepClone());

        var template = PodTemplates.Template((JsonObject)labels.DeepClone(), PodTemplates.PodSpec(Name, Container()));
        var revision = $"{Name}-{b.Suffix(10)}";
        var sts = K8sJson.Object(ResourceKinds.StatefulSet, b.Metadata(ResourceKinds.StatefulSet, Ns, Name, created, (JsonObject)labels.DeepClone(), generation: 1));
        sts["spec"] = new JsonObject
        {
            ["replicas"] = Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = selector.DeepClone() },
            ["template"] = template.DeepClone(),
            ["serviceName"] = Name,
            ["podManagementPolicy"] = "OrderedReady",
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } },
            ["revisionHistoryLimit"] = 10,
        };
        b.Add(sts);

        var pods = new List<JsonObject>();
        JsonObject? previousNode = null;
        for (var i = 0; i < Replicas; i++)
        {
            var ordinal = i.ToString(CultureInfo.InvariantCulture);
            var podName = $"{Name}-{ordinal}";
            var podTemplate = (JsonObject)template.DeepClone();
            podTemplate["spec"]!["hostname"] = podName;
            podTemplate["spec"]!["subdomain"] = Name;
            var extra = K8sJson.Labels(("apps.kubernetes.io/pod-index", ordinal), ("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName));
            var podCreated = created.AddSeconds(20 * i);
            previousNode = b.PickNode(avoid: previousNode);
            var pod = b.Add(Pods.Create(b, Ns, podName, podTemplate, sts, previousNode, podCreated, extraLabels: extra));
            pods.Add(pod);
            b.Log(pod, "kube-state-metrics", Log(podCreated.AddSeconds(3), i));
        }

        Networking.Endpoints(b, service, pods, created.AddSeconds(20 * Replicas));
        sts["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = Replicas,
            ["readyReplicas"] = Replicas,
            ["currentReplicas"] = Replicas,
            ["updatedReplicas"] = Replicas,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = Replicas,
        };
    }

    private static JsonObject Container()
    {
        var container = PodTemplates.Container("kube-state-metrics", "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1");
        container["args"] = new JsonArray("--port=8080",
            "--resources=cronjobs,daemonsets,deployments,horizontalpodautoscalers,jobs,namespaces,nodes,persistentvolumeclaims,persistentvolumes,pods,replicasets,resourcequotas,services,statefulsets",
            "--pod=$(POD_NAME)", "--pod-namespace=$(POD_NAMESPACE)");
        container["env"] = new JsonArray(FieldRef("POD_NAME", "metadata.name"), FieldRef("POD_NAMESPACE", "metadata.namespace"));
        container["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" });
        container["resources"] = PodTemplates.Resources("10m", "64Mi", null, "256Mi");
        container["livenessProbe"] = PodTemplates.HttpProbe("/healthz", 5, 10);
        container["readinessProbe"] = PodTemplates.HttpProbe("/", 5, 10);
        return container;
    }

    private static JsonObject FieldRef(string name, string path) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = path } },
    };

    private static IEnumerable<string> Log(DateTimeOffset started, int shard)
    {
        string Klog(DateTimeOffset t, string file, string message) =>
            "I" + t.UtcDateTime.ToString("MMdd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + $"       1 {file}] {message}";
        yield return Klog(started, "wrapper.go:120", "\"Starting kube-state-metrics\"");
        yield return Klog(started.AddMilliseconds(30), "server.go:199", $"\"Autosharding enabled with pod\" pod=\"{Ns}/{Name}-{shard.ToString(CultureInfo.InvariantCulture)}\"");
        yield return Klog(started.AddMilliseconds(32), "server.go:213", $"\"Auto detected sharding\" shard={shard.ToString(CultureInfo.InvariantCulture)} totalShards={Replicas.ToString(CultureInfo.InvariantCulture)}");
        yield return Klog(started.AddMilliseconds(120), "server.go:342", "\"Started metrics server\" metricsServerAddress=\"[::]:8080\"");
    }
}
