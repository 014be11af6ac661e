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
        return FaultKit.UnschedulableRollout(c, plan, FaultKit.SchedulerMessage(c.B, "Insufficient memory", "No preemption victims found for incoming pod"), "requests memory 48Gi per pod");
    }
}
