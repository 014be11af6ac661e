using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// missing-config: the pod template takes a password from a Secret nobody created. The kubelet cannot build the
/// container's environment: CreateContainerConfigError, <c>Error: secret "smtp-credentials" not found</c>.
/// </summary>
internal static class MissingConfigFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("notification-worker", replicas: 2);
        var secret = c.B.FreeName(ResourceKinds.Secret, c.Namespace, "smtp-credentials");
        ((JsonArray)plan.MainContainer["env"]!).Add(PodTemplates.EnvFrom("SMTP_PASSWORD", "secretKeyRef", secret, "password"));
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var message = $"secret \"{secret}\" not found";
        foreach (var pod in parts.Pods)
        {
            var created = FaultKit.Created(pod);
            Pods.MakeWaiting(pod, created, plan.Name, "CreateContainerConfigError", message, imagePulled: true);
            c.B.Snapshot.Logs.Remove(new ContainerLogKey(c.Namespace, K8sJson.Name(pod), plan.Name, false));
            FaultKit.Scheduled(c, pod);
            var kubelet = EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!);
            var path = Events.ContainerPath(plan.Name);
            var image = K8sJson.Text(plan.MainContainer, "image");
            Events.Add(c.B, pod, "Normal", "Pulled", $"Container image \"{image}\" already present on machine", kubelet, created.AddSeconds(1), c.Now.AddSeconds(-30), 185, path);
            Events.Add(c.B, pod, "Warning", "Failed", $"Error: {message}", kubelet, created.AddSeconds(1), c.Now.AddSeconds(-30), 185, path);
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: waiting CreateContainerConfigError: {message}");
        c.Note($"Secret {c.Namespace}/{secret} does not exist; Deployment {plan.Name} reads SMTP_PASSWORD from it");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }
}
