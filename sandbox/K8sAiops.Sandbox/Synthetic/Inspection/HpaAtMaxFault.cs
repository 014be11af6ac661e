using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// hpa-at-max: the search frontend's autoscaler has run at its maximum of 4 replicas since the morning peak, CPU at
/// 94 % of requests against a 70 % target: ScalingLimited=True TooManyReplicas. It scales fine; it just cannot go higher.
/// </summary>
internal static class HpaAtMaxFault
{
    private const int Max = 4;

    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "search-frontend", _ => { }, replicas: Max);
        var created = c.Now.AddDays(-12);
        var hpa = Policies.Autoscaler(c.B, parts.Deployment, 2, Max, 70, created);
        var scaled = c.Now.AddHours(-2).AddMinutes(-8);
        hpa["status"] = new JsonObject
        {
            ["lastScaleTime"] = K8sJson.Time(scaled),
            ["currentReplicas"] = Max,
            ["desiredReplicas"] = Max,
            ["currentMetrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["current"] = new JsonObject { ["averageValue"] = "94m", ["averageUtilization"] = 94 },
                },
            }),
            ["conditions"] = new JsonArray(
                K8sJson.Condition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", scaled.AddMinutes(5)),
                K8sJson.Condition("ScalingActive", "True", "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", created.AddMinutes(1)),
                K8sJson.Condition("ScalingLimited", "True", "TooManyReplicas", "the desired replica count is more than the maximum replica count", scaled)),
        };
        c.Note($"HorizontalPodAutoscaler {c.Namespace}/{K8sJson.Name(hpa)}: currentReplicas {Max} = maxReplicas, ScalingLimited=True TooManyReplicas, cpu 94 % of 70 %");
        return InspectionKit.Done(c, "hpa-at-max", hpa);
    }
}
