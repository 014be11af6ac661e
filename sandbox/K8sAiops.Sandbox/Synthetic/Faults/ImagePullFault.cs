using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// image-pull: a rollout to a tag that was never pushed. The new ReplicaSet's pod waits in ImagePullBackOff after
/// <c>Failed to pull image ... not found</c>; the old ReplicaSet keeps serving and the rollout passes its deadline.
/// </summary>
internal static class ImagePullFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.App("loyalty-service", replicas: 2);
        plan.Revision = 4;
        var parts = Apps.Deploy(c.B, plan);
        var image = $"registry.example.com/{c.Namespace}/{plan.Name}:2.31.0";
        var deployment = parts.Deployment;
        var template = (JsonObject)deployment["spec"]!["template"]!;
        PodTemplates.MainContainer(template)["image"] = image;
        K8sJson.Metadata(deployment)["generation"] = 5;
        K8sJson.Metadata(deployment)["annotations"]!["deployment.kubernetes.io/revision"] = "5";
        var newReplicaSet = Apps.ReplicaSet(c.B, deployment, template, 5, c.Since, replicas: 1);
        var rsName = K8sJson.Name(newReplicaSet);
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", (JsonObject)newReplicaSet["spec"]!["template"]!, newReplicaSet,
            c.B.PickNode(), c.Since.AddSeconds(1), generateName: rsName + "-"));
        var created = FaultKit.Created(pod);
        Pods.MakeWaiting(pod, created, plan.Name, "ImagePullBackOff", $"Back-off pulling image \"{image}\"", imagePulled: false);

        Events.Add(c.B, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to 1", EventSource.DeploymentController, c.Since);
        Events.Add(c.B, newReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, created);
        FaultKit.Scheduled(c, pod);
        var kubelet = EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!);
        var path = Events.ContainerPath(plan.Name);
        var notFound = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";
        var last = c.Now.AddMinutes(-4);
        Events.Add(c.B, pod, "Normal", "Pulling", $"Pulling image \"{image}\"", kubelet, created.AddSeconds(1), last, 8, path);
        Events.Add(c.B, pod, "Warning", "Failed", $"Failed to pull image \"{image}\": {notFound}", kubelet, created.AddSeconds(2), last, 8, path);
        Events.Add(c.B, pod, "Warning", "Failed", "Error: ErrImagePull", kubelet, created.AddSeconds(2), last, 8, path);
        Events.Add(c.B, pod, "Normal", "BackOff", $"Back-off pulling image \"{image}\"", kubelet, created.AddSeconds(3), c.Now.AddSeconds(-12), 171, path);
        Events.Add(c.B, pod, "Warning", "Failed", "Error: ImagePullBackOff", kubelet, created.AddSeconds(3), c.Now.AddSeconds(-12), 171, path);
        c.B.Snapshot.Logs.Remove(new ContainerLogKey(c.Namespace, K8sJson.Name(pod), plan.Name, false));

        c.B.Snapshot.Faults.BadImages.Add(new BadImage(image) { Namespace = c.Namespace, Note = "image-pull: the tag was never pushed" });
        WorkloadStatus.RecountDeployment(c.B, deployment, c.Since);
        deployment["status"]!["observedGeneration"] = 5;
        WorkloadStatus.SetCondition((JsonObject)deployment["status"]!, "Progressing", "False", "ProgressDeadlineExceeded",
            $"ReplicaSet \"{rsName}\" has timed out progressing.", c.Since.AddSeconds(600));
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(pod)}: waiting ImagePullBackOff for {image}");
        c.Note($"Event: Failed to pull image \"{image}\": ... not found (8 times)");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: Progressing=False ProgressDeadlineExceeded");
        return c.Done(FaultContext.Ref(deployment), FaultContext.Ref(pod), MixinAlerts.PodNotReady(pod));
    }
}
