using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// scheduling-constraints, form <c>wait-for-first-consumer</c>: a metrics store pinned by nodeSelector to storage-optimised
/// instances (<c>node.kubernetes.io/instance-type: i4i.2xlarge</c>) the node group does not have. Its claim's StorageClass
/// binds on the first consumer (<c>volumeBindingMode: WaitForFirstConsumer</c>), so the claim stays Pending with the PV
/// controller's Normal <c>WaitForFirstConsumer</c> event while the pod fails scheduling on the selector. The claim is a
/// symptom; the culprit is the StatefulSet's nodeSelector. Alert: KubePodNotReady on the pod.
/// </summary>
internal static class WaitForFirstConsumerFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var name = c.FreeName("metrics-store");
        var storageClass = c.B.Find(ResourceKinds.StorageClass, null, Storage.DefaultClass) ?? Storage.StorageClass(c.B, Storage.DefaultClass, c.Now.AddDays(-200));
        var className = K8sJson.Name(storageClass);
        var labels = K8sJson.Labels(("app", name));
        var container = PodTemplates.Container(name, "victoriametrics/victoria-metrics:v1.101.0");
        container["args"] = new JsonArray("-storageDataPath=/storage", "-retentionPeriod=90d", "-httpListenAddr=:8428");
        container["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8428, ["protocol"] = "TCP" });
        container["resources"] = PodTemplates.Resources("1", "4Gi", null, "4Gi");
        container["readinessProbe"] = PodTemplates.HttpProbe("/health", 5, 10);
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "storage", ["mountPath"] = "/storage" });
        var podSpec = PodTemplates.PodSpec("default", [container], apiAccess: false);
        podSpec["nodeSelector"] = new JsonObject { ["node.kubernetes.io/instance-type"] = "i4i.2xlarge" };
        var template = PodTemplates.Template((JsonObject)labels.DeepClone(), podSpec);
        var created = c.Since;
        var service = Networking.Service(c.B, c.Namespace, name, (JsonObject)labels.DeepClone(), 8428, 8428, created, headless: true);
        Networking.Endpoints(c.B, service, [], created);
        var claimTemplate = Storage.ClaimTemplate("storage", "200Gi");
        claimTemplate["spec"]!["storageClassName"] = className;
        var sts = K8sJson.Object(ResourceKinds.StatefulSet, c.B.Metadata(ResourceKinds.StatefulSet, c.Namespace, name, created, (JsonObject)labels.DeepClone(), generation: 1));
        sts["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = template.DeepClone(),
            ["volumeClaimTemplates"] = new JsonArray(claimTemplate),
            ["serviceName"] = name,
            ["podManagementPolicy"] = "OrderedReady",
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } },
            ["revisionHistoryLimit"] = 10,
        };
        c.B.Add(sts);

        var podName = $"{name}-0";
        var claim = Storage.PendingClaim(c.B, c.Namespace, $"storage-{podName}", "200Gi", className, created, (JsonObject)labels.DeepClone());
        var podTemplate = (JsonObject)template.DeepClone();
        K8sJson.Array((JsonObject)podTemplate["spec"]!, "volumes").Insert(0, new JsonObject
        {
            ["name"] = "storage",
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = K8sJson.Name(claim) },
        });
        var revision = $"{name}-{c.B.Suffix(10)}";
        var extra = K8sJson.Labels(("apps.kubernetes.io/pod-index", "0"), ("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName));
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, podName, podTemplate, sts, c.B.PickNode(), created.AddSeconds(1), extraLabels: extra));
        var message = FaultKit.SchedulerMessage(c.B, "node(s) didn't match Pod's node affinity/selector", "Preemption is not helpful for scheduling");
        FaultKit.Unschedulable(c, pod, message);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Claim {K8sJson.Name(claim)} Pod {podName} in StatefulSet {name} success",
            EventSource.StatefulSetController, created);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {name} successful", EventSource.StatefulSetController, created.AddSeconds(1));
        const string waiting = "waiting for first consumer to be created before binding";
        Events.Add(c.B, claim, "Normal", "WaitForFirstConsumer", waiting, EventSource.PersistentVolumeController, created, c.Now.AddSeconds(-12), 161);
        sts["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = 1,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = 0,
        };

        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: phase Pending, StorageClass {className} (WaitForFirstConsumer), event WaitForFirstConsumer: {waiting}");
        c.Note($"Pod {c.Namespace}/{podName}: Pending, FailedScheduling: {message}");
        c.Note($"StatefulSet {c.Namespace}/{name}: nodeSelector node.kubernetes.io/instance-type=i4i.2xlarge, every node is m5.xlarge");
        return c.Done(FaultContext.Ref(sts), FaultContext.Ref(pod), MixinAlerts.PodNotReady(pod));
    }
}
