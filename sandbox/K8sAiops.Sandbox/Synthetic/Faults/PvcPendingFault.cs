using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// pvc-pending: a StatefulSet whose volumeClaimTemplate names a StorageClass that does not exist. The claim stays
/// Pending (<c>ProvisioningFailed: storageclass.storage.k8s.io "fast-ssd" not found</c>) and the pod cannot be
/// scheduled (<c>pod has unbound immediate PersistentVolumeClaims</c>).
/// </summary>
internal static class PvcPendingFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var name = c.FreeName("search-index");
        var storageClass = c.B.FreeName(ResourceKinds.StorageClass, null, "fast-ssd");
        var labels = K8sJson.Labels(("app", name));
        var container = PodTemplates.Container(name, "docker.elastic.co/elasticsearch/elasticsearch:8.13.2");
        container["ports"] = new JsonArray(
            new JsonObject { ["name"] = "http", ["containerPort"] = 9200, ["protocol"] = "TCP" },
            new JsonObject { ["name"] = "transport", ["containerPort"] = 9300, ["protocol"] = "TCP" });
        container["env"] = new JsonArray(new JsonObject { ["name"] = "discovery.type", ["value"] = "single-node" });
        container["resources"] = PodTemplates.Resources("500m", "2Gi", null, "2Gi");
        container["readinessProbe"] = PodTemplates.HttpProbe("/_cluster/health?local=true", 10, 10);
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/usr/share/elasticsearch/data" });
        var template = PodTemplates.Template((JsonObject)labels.DeepClone(), PodTemplates.PodSpec("default", [container], apiAccess: false));
        var created = c.Since;
        var service = Networking.Service(c.B, c.Namespace, name, (JsonObject)labels.DeepClone(), 9200, 9200, created, headless: true);
        Networking.Endpoints(c.B, service, [], created); // No pod runs yet: Endpoints without subsets.
        var claimTemplate = Storage.ClaimTemplate("data", "50Gi");
        claimTemplate["spec"]!["storageClassName"] = storageClass;
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
        var claim = Storage.PendingClaim(c.B, c.Namespace, $"data-{podName}", "50Gi", storageClass, created, (JsonObject)labels.DeepClone());
        var podTemplate = (JsonObject)template.DeepClone();
        K8sJson.Array((JsonObject)podTemplate["spec"]!, "volumes").Insert(0, new JsonObject
        {
            ["name"] = "data",
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = K8sJson.Name(claim) },
        });
        var revision = $"{name}-{c.B.Suffix(10)}";
        var extra = K8sJson.Labels(("apps.kubernetes.io/pod-index", "0"), ("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName));
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, podName, podTemplate, sts, c.B.PickNode(), created.AddSeconds(1), extraLabels: extra));
        var nodes = c.B.AllNodes.Count.ToString(CultureInfo.InvariantCulture);
        var message = $"0/{nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.";
        FaultKit.Unschedulable(c, pod, message);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Claim {K8sJson.Name(claim)} Pod {podName} in StatefulSet {name} success",
            EventSource.StatefulSetController, created);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {name} successful", EventSource.StatefulSetController, created.AddSeconds(1));
        var provisioning = $"storageclass.storage.k8s.io \"{storageClass}\" not found";
        Events.Add(c.B, claim, "Warning", "ProvisioningFailed", provisioning, EventSource.PersistentVolumeController, created, c.Now.AddSeconds(-15), 161);
        sts["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = 1,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = 0,
        };

        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: phase Pending, storageClassName {storageClass}");
        c.Note($"Event ProvisioningFailed: {provisioning}");
        c.Note($"StorageClass {storageClass} does not exist");
        c.Note($"Pod {c.Namespace}/{podName}: Pending, FailedScheduling: {message}");
        return c.Done(FaultContext.Ref(claim), FaultContext.Ref(sts), MixinAlerts.StatefulSetReplicasMismatch(c.B, sts));
    }
}
