using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's HorizontalPodAutoscaler replica families (autoscaling/v2 fields).</summary>
internal static class AutoscalerMetrics
{
    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> autoscalers) =>
        WorkloadMetrics.Integers(w, autoscalers, "horizontalpodautoscaler", [
            ("kube_horizontalpodautoscaler_spec_max_replicas", "[STABLE] Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.", o => o.Json.IntegerAt("spec", "maxReplicas") ?? 0),
            ("kube_horizontalpodautoscaler_spec_min_replicas", "[STABLE] Lower limit for the number of pods that can be set by the autoscaler, default 1.", o => o.Json.IntegerAt("spec", "minReplicas") ?? 1),
            ("kube_horizontalpodautoscaler_status_current_replicas", "[STABLE] Current number of replicas of pods managed by this autoscaler.", o => o.Json.IntegerAt("status", "currentReplicas") ?? 0),
            ("kube_horizontalpodautoscaler_status_desired_replicas", "[STABLE] Desired number of replicas of pods managed by this autoscaler.", o => o.Json.IntegerAt("status", "desiredReplicas") ?? 0),
        ]);
}
