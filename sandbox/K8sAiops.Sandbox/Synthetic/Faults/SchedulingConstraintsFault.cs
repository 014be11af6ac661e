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
        return FaultKit.UnschedulableRollout(c, plan, FaultKit.SchedulerMessage(c.B, "node(s) didn't match Pod's node affinity/selector", "Preemption is not helpful for scheduling"), "nodeSelector nvidia.com/gpu.present=true, no node has that label");
    }
}
