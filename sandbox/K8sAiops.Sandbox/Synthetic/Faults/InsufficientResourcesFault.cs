using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// insufficient-resources: a trainer requesting 48Gi of memory on nodes with about 15Gi allocatable. The scheduler
/// finds no node: <c>0/3 nodes are available: 3 Insufficient memory.</c>; the pods stay Pending.
/// </summary>
internal static class InsufficientResourcesFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("ml-trainer", replicas: 2, secret: false);
        plan.MainContainer["resources"] = PodTemplates.Resources("2", "48Gi", "4", "48Gi");
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var message = FaultKit.SchedulerMessage(c.B, "Insufficient memory", "No preemption victims found for incoming pod");
        foreach (var pod in parts.Pods)
        {
            FaultKit.Unschedulable(c, pod, message);
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: Pending, PodScheduled=False Unschedulable");
        c.Note($"Event FailedScheduling: {message}");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: requests memory 48Gi per pod");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }
}
