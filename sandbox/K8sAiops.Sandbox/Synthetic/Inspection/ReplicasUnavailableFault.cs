using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// replicas-unavailable: the model server was scaled from 2 to 3 replicas four minutes ago and the new pod is still
/// pulling its 6 GB image (ContainerCreating, a Normal Pulling event): 2 of 3 ready, Available=False. Nothing has
/// failed, so no diagnosis rule names a cause; the check reports the gap.
/// </summary>
internal static class ReplicasUnavailableFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "model-server", _ => { });
        var deployment = parts.Deployment;
        var name = K8sJson.Name(deployment);
        var scaled = c.Now.AddMinutes(-4);
        deployment["spec"]!["replicas"] = 3;
        parts.ReplicaSet["spec"]!["replicas"] = 3;
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/desired-replicas"] = "3";
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/max-replicas"] = "4";
        var rsName = K8sJson.Name(parts.ReplicaSet);
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, c.B.FreeName(ResourceKinds.Pod, c.Namespace, $"{rsName}-{c.B.Suffix(5)}"),
            (JsonObject)parts.ReplicaSet["spec"]!["template"]!, parts.ReplicaSet, c.B.PickNode(), scaled.AddSeconds(1), generateName: rsName + "-"));
        Pods.MakeWaiting(pod, scaled.AddSeconds(1), name, "ContainerCreating", null, imagePulled: false);

        var image = K8sJson.Text(Pods.Container(pod, name), "image");
        Events.Add(c.B, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to 3 from 2", EventSource.DeploymentController, scaled);
        Events.Add(c.B, parts.ReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, scaled.AddSeconds(1));
        FaultKit.Scheduled(c, pod);
        Events.Add(c.B, pod, "Normal", "Pulling", $"Pulling image \"{image}\"", EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!), scaled.AddSeconds(3),
            fieldPath: Events.ContainerPath(name));
        WorkloadStatus.RecountDeployment(c.B, deployment, scaled.AddSeconds(1));
        WorkloadStatus.SetCondition((JsonObject)deployment["status"]!, "Progressing", "True", "ReplicaSetUpdated",
            $"ReplicaSet \"{rsName}\" is progressing.", scaled.AddSeconds(1));
        c.Note($"Deployment {c.Namespace}/{name}: {3.ToString(CultureInfo.InvariantCulture)} desired, 2 ready; pod {K8sJson.Name(pod)} ContainerCreating, pulling {image}");
        return InspectionKit.Done(c, "replicas-unavailable", deployment);
    }
}
