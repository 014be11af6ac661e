using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// rollout-stuck: the catalog API's new revision never becomes ready (its readiness endpoint answers 503 until a
/// migration that was not run); the old ReplicaSet keeps both replicas serving, and after progressDeadlineSeconds the
/// Deployment reports Progressing=False ProgressDeadlineExceeded. A stuck rollout always has a cause: here the
/// diagnosis rules name it <c>probe-failure</c>, and its Unhealthy events are <c>warning-events</c>.
/// </summary>
internal static class RolloutStuckFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var plan = c.App("catalog-api", replicas: 2);
        plan.Revision = 3;
        var parts = Apps.Deploy(c.B, plan);
        var deployment = parts.Deployment;
        var template = (JsonObject)deployment["spec"]!["template"]!;
        var image = $"registry.example.com/{c.Namespace}/{plan.Name}:2.0.0";
        PodTemplates.MainContainer(template)["image"] = image;
        K8sJson.Metadata(deployment)["generation"] = 4;
        K8sJson.Metadata(deployment)["annotations"]!["deployment.kubernetes.io/revision"] = "4";
        var newReplicaSet = Apps.ReplicaSet(c.B, deployment, template, 4, c.Since, replicas: 1);
        var rsName = K8sJson.Name(newReplicaSet);
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", (JsonObject)newReplicaSet["spec"]!["template"]!, newReplicaSet,
            c.B.PickNode(), c.Since.AddSeconds(1), generateName: rsName + "-"));
        Events.Add(c.B, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {rsName} to 1", EventSource.DeploymentController, c.Since);
        Events.Add(c.B, newReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, c.Since.AddSeconds(1));
        FaultKit.Scheduled(c, pod);
        FaultKit.ReadinessFailing(c, pod, plan.Name, "Readiness probe failed: HTTP probe failed with statuscode: 503", c.Since.AddSeconds(15));
        var started = c.Since.AddSeconds(4);
        c.B.Log(pod, plan.Name, [
            AppLogs.Line(started, "INFO", $"starting {plan.Name} version=2.0.0"),
            AppLogs.Line(started.AddMilliseconds(400), "WARN", "database schema is at version 41, this build needs 42; not ready until it is migrated"),
            AppLogs.Line(c.Now.AddMinutes(-1), "WARN", "GET /ready 503 0.3ms - schema version 41 < 42"),
        ]);
        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since.AddSeconds(15));
        WorkloadStatus.RecountDeployment(c.B, deployment, c.Since);
        deployment["status"]!["observedGeneration"] = 4;
        WorkloadStatus.SetCondition((JsonObject)deployment["status"]!, "Progressing", "False", "ProgressDeadlineExceeded",
            $"ReplicaSet \"{rsName}\" has timed out progressing.", c.Since.AddSeconds(600));
        c.Note($"Deployment {c.Namespace}/{plan.Name}: Progressing=False ProgressDeadlineExceeded; the old ReplicaSet still serves 2 of 2");
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(pod)} ({image}): running, readiness 503");
        return InspectionKit.Done(c, "rollout-stuck", deployment, "probe-failure", "warning-events");
    }
}
