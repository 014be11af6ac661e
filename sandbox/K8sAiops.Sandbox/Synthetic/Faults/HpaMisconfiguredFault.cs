using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// hpa-misconfigured: a CPU-utilisation autoscaler on a Deployment whose containers declare no CPU request. The
/// controller cannot compute utilisation: ScalingActive=False, <c>FailedGetResourceMetric ... missing request for cpu
/// in container ... of Pod ...</c>, and the desired count it last computed is never reached.
/// </summary>
internal static class HpaMisconfiguredFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.App("checkout-gateway", replicas: 3);
        plan.MainContainer["resources"] = PodTemplates.Resources(null, "256Mi", null, "512Mi");
        var parts = Apps.Deploy(c.B, plan);
        var hpa = Policies.Autoscaler(c.B, parts.Deployment, 2, 10, 60, c.Now.AddDays(-10));
        var pod = K8sJson.Name(parts.Pods[0]);
        var missing = $"failed to get cpu utilization: missing request for cpu in container {plan.Name} of Pod {pod}";
        hpa["status"] = new JsonObject
        {
            ["lastScaleTime"] = K8sJson.Time(c.Now.AddDays(-2)),
            ["currentReplicas"] = 3,
            ["desiredReplicas"] = 5,
            ["currentMetrics"] = null,
            ["conditions"] = new JsonArray(
                K8sJson.Condition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", c.Since),
                K8sJson.Condition("ScalingActive", "False", "FailedGetResourceMetric", $"the HPA was unable to compute the replica count: {missing}", c.Since)),
        };
        Events.Add(c.B, hpa, "Warning", "FailedGetResourceMetric", missing, EventSource.Autoscaler, c.Since, c.Now.AddSeconds(-10), 161);
        Events.Add(c.B, hpa, "Warning", "FailedComputeMetricsReplicas",
            $"invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: {missing}", EventSource.Autoscaler, c.Since,
            c.Now.AddSeconds(-10), 161);
        c.Note($"HorizontalPodAutoscaler {c.Namespace}/{plan.Name}: ScalingActive=False FailedGetResourceMetric");
        c.Note($"Event: {missing}");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: no cpu request; HPA desired 5, current 3");
        return c.Done(FaultContext.Ref(hpa), FaultContext.Ref(hpa), MixinAlerts.HpaReplicasMismatch(c.B, hpa));
    }
}
