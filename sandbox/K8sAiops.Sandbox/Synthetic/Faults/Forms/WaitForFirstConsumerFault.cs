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
        var (sts, claim, pod, podName, created) = PendingStatefulSet.Create(c, name, labels, template, 8428, "storage", "200Gi", className);
        var message = FaultKit.SchedulerMessage(c.B, "node(s) didn't match Pod's node affinity/selector", "Preemption is not helpful for scheduling");
        FaultKit.Unschedulable(c, pod, message);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Claim {K8sJson.Name(claim)} Pod {podName} in StatefulSet {name} success",
            EventSource.StatefulSetController, created);
        Events.Add(c.B, sts, "Normal", "SuccessfulCreate", $"create Pod {podName} in StatefulSet {name} successful", EventSource.StatefulSetController, created.AddSeconds(1));
        const string waiting = "waiting for first consumer to be created before binding";
        Events.Add(c.B, claim, "Normal", "WaitForFirstConsumer", waiting, EventSource.PersistentVolumeController, created, c.Now.AddSeconds(-12), 161);

        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: phase Pending, StorageClass {className} (WaitForFirstConsumer), event WaitForFirstConsumer: {waiting}");
        c.Note($"Pod {c.Namespace}/{podName}: Pending, FailedScheduling: {message}");
        c.Note($"StatefulSet {c.Namespace}/{name}: nodeSelector node.kubernetes.io/instance-type=i4i.2xlarge, every node is m5.xlarge");
        return c.Done(FaultContext.Ref(sts), FaultContext.Ref(pod), MixinAlerts.PodNotReady(pod));
    }
}
