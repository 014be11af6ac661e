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
        var (sts, claim, pod, podName, created) = PendingStatefulSet.Create(c, name, labels, template, 9200, "data", "50Gi", storageClass);
        var nodes = c.B.AllNodes.Count.ToString(CultureInfo.InvariantCulture);
        var message = $"0/{nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.";
        FaultKit.Unschedulable(c, pod, message);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Claim {K8sJson.Name(claim)} Pod {podName} in StatefulSet {name} success",
            EventSource.StatefulSetController, created);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {name} successful", EventSource.StatefulSetController, created.AddSeconds(1));
        var provisioning = $"storageclass.storage.k8s.io \"{storageClass}\" not found";
        Events.Add(c.B, claim, "Warning", "ProvisioningFailed", provisioning, EventSource.PersistentVolumeController, created, c.Now.AddSeconds(-15), 161);

        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: phase Pending, storageClassName {storageClass}");
        c.Note($"Event ProvisioningFailed: {provisioning}");
        c.Note($"StorageClass {storageClass} does not exist");
        c.Note($"Pod {c.Namespace}/{podName}: Pending, FailedScheduling: {message}");
        return c.Done(FaultContext.Ref(claim), FaultContext.Ref(sts), MixinAlerts.StatefulSetReplicasMismatch(c.B, sts));
    }
}
