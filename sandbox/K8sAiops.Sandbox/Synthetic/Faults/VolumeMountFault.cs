using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// volume-mount: a single-replica Deployment with a ReadWriteOnce volume and the RollingUpdate strategy. The rollout's
/// new pod lands on another node while the old pod still holds the volume: <c>Multi-Attach error for volume ...
/// Volume is already used by pod(s) ...</c>, then the kubelet's FailedMount; the pod stays ContainerCreating.
/// On a one-node cluster the volume is instead still attached to a node that was scaled away
/// (<c>Volume is already exclusively attached to one node and can't be attached to another</c>).
/// </summary>
internal static class VolumeMountFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        Storage.Longhorn(c.B, c.Now.AddDays(-30));
        var plan = c.App("media-uploads", replicas: 1, secret: false);
        plan.Revision = 2;
        var claimName = c.B.FreeName(ResourceKinds.PersistentVolumeClaim, c.Namespace, $"{plan.Name}-data");
        AddVolume(plan, claimName);
        var parts = Apps.Deploy(c.B, plan);
        var oldPod = parts.Pods[0];
        var oldNode = c.B.Find(ResourceKinds.Node, null, K8sJson.Text(oldPod, "spec", "nodeName")!)!;
        var (claim, volume) = Storage.BoundClaim(c.B, c.Namespace, claimName, "100Gi", oldNode, plan.Created, K8sJson.Labels(("app", plan.Name)),
            storageClass: Storage.LonghornClass, provisioner: Storage.LonghornProvisioner, zonal: false);
        var volumeName = K8sJson.Name(volume);
        var otherNodes = c.B.SchedulableNodes().Where(n => n != oldNode).ToList();

        JsonObject pod;
        string multiAttach;
        var deployment = parts.Deployment;
        if (otherNodes.Count > 0)
        {
            var template = (JsonObject)deployment["spec"]!["template"]!;
            PodTemplates.MainContainer(template)["image"] = $"registry.example.com/{c.Namespace}/{plan.Name}:1.{plan.Revision + 30}.0";
            K8sJson.Metadata(deployment)["generation"] = 3;
            K8sJson.Metadata(deployment)["annotations"]!["deployment.kubernetes.io/revision"] = "3";
            var newReplicaSet = Apps.ReplicaSet(c.B, deployment, template, 3, c.Since, replicas: 1);
            var rsName = K8sJson.Name(newReplicaSet);
            pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", (JsonObject)newReplicaSet["spec"]!["template"]!, newReplicaSet,
                otherNodes[c.B.Random.Next(otherNodes.Count)], c.Since.AddSeconds(1), generateName: rsName + "-"));
            Events.Add(c.B, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to 1", EventSource.DeploymentController, c.Since);
            Events.Add(c.B, newReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, c.Since.AddSeconds(1));
            multiAttach = $"Multi-Attach error for volume \"{volumeName}\" Volume is already used by pod(s) {K8sJson.Name(oldPod)}";
            c.Note($"Pod {c.Namespace}/{K8sJson.Name(oldPod)} on {K8sJson.Name(oldNode)} still holds ReadWriteOnce volume {volumeName}");
        }
        else
        {
            // The old pod's node was scaled away with the volume still attached to it; the replacement runs here.
            FaultKit.Delete(c, [oldPod]);
            var rsName = K8sJson.Name(parts.ReplicaSet);
            pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", (JsonObject)parts.ReplicaSet["spec"]!["template"]!, parts.ReplicaSet,
                oldNode, c.Since.AddSeconds(1), generateName: rsName + "-"));
            Events.Add(c.B, parts.ReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, c.Since.AddSeconds(1));
            multiAttach = $"Multi-Attach error for volume \"{volumeName}\" Volume is already exclusively attached to one node and can't be attached to another";
        }

        ContainerCreating(pod, plan.Name);
        FaultKit.Scheduled(c, pod);
        var created = FaultKit.Created(pod);
        Events.Add(c.B, pod, "Warning", "FailedAttachVolume", multiAttach, EventSource.AttachDetachController, created.AddSeconds(1), c.Now.AddMinutes(-2), 14);
        var tokenVolume = (pod["spec"]!["volumes"] as JsonArray)!.Select(v => K8sJson.Text(v, "name")).FirstOrDefault(n => n!.StartsWith("kube-api-access-", StringComparison.Ordinal));
        var unattached = tokenVolume is null ? "data" : $"data {tokenVolume}";
        var failedMount = $"Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[{unattached}]: timed out waiting for the condition";
        Events.Add(c.B, pod, "Warning", "FailedMount", failedMount, EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!), created.AddMinutes(2),
            c.Now.AddMinutes(-1), 17);
        WorkloadStatus.RecountDeployment(c.B, deployment, c.Since);
        if (otherNodes.Count > 0)
        {
            WorkloadStatus.SetCondition((JsonObject)deployment["status"]!, "Progressing", "False", "ProgressDeadlineExceeded",
                $"ReplicaSet \"{K8sJson.Text(pod["metadata"]!["ownerReferences"]![0], "name")}\" has timed out progressing.", c.Since.AddSeconds(600));
            deployment["status"]!["observedGeneration"] = 3;
        }

        c.Note($"Pod {c.Namespace}/{K8sJson.Name(pod)}: Pending, waiting ContainerCreating");
        c.Note($"Event FailedAttachVolume: {multiAttach}");
        c.Note($"Event FailedMount: {failedMount}");
        c.Note($"PersistentVolumeClaim {c.Namespace}/{K8sJson.Name(claim)}: Bound, ReadWriteOnce");
        return c.Done(FaultContext.Ref(deployment), FaultContext.Ref(pod), MixinAlerts.PodNotReady(pod));
    }

    private static void AddVolume(AppPlan plan, string claimName)
    {
        var spec = (JsonObject)plan.Template["spec"]!;
        K8sJson.Array(spec, "volumes").Add(new JsonObject
        {
            ["name"] = "data",
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claimName },
        });
        K8sJson.Array(plan.MainContainer, "volumeMounts").Add(new JsonObject { ["name"] = "data", ["mountPath"] = "/srv/uploads" });
    }

    /// <summary>A pod whose volumes are not mounted yet: no sandbox, so no IP; the container waits in ContainerCreating.</summary>
    private static void ContainerCreating(JsonObject pod, string container)
    {
        var created = FaultKit.Created(pod);
        var status = (JsonObject)pod["status"]!;
        status["phase"] = "Pending";
        status.Remove("podIP");
        status.Remove("podIPs");
        var conditions = Pods.Conditions(created, initialized: true, ready: false, readyAt: created,
            notReadyReason: "ContainersNotReady", notReadyMessage: $"containers with unready status: [{container}]");
        conditions[0]!["status"] = "False";
        status["conditions"] = conditions;
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, Pods.Container(pod, container), Pods.Waiting("ContainerCreating"), null,
            ready: false, restarts: 0, started: false, imagePulled: false));
        pod["status"] = status;
    }
}
