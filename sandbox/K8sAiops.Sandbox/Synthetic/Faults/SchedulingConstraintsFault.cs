using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// scheduling-constraints: an inference service pinned by nodeSelector to GPU nodes the cluster does not have:
/// <c>didn't match Pod's node affinity/selector</c> on every node; the pods stay Pending.
/// </summary>
internal static class SchedulingConstraintsFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("gpu-inference", replicas: 2, secret: false);
        var spec = (JsonObject)plan.Template["spec"]!;
        spec["nodeSelector"] = new JsonObject { ["nvidia.com/gpu.present"] = "true" };
        spec["tolerations"] = new JsonArray(new JsonObject { ["key"] = "nvidia.com/gpu", ["operator"] = "Exists", ["effect"] = "NoSchedule" });
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var message = FaultKit.SchedulerMessage(c.B, "node(s) didn't match Pod's node affinity/selector", "Preemption is not helpful for scheduling");
        foreach (var pod in parts.Pods)
        {
            FaultKit.Unschedulable(c, pod, message);
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: Pending, PodScheduled=False Unschedulable");
        c.Note($"Event FailedScheduling: {message}");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: nodeSelector nvidia.com/gpu.present=true, no node has that label");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }
}
