using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's Deployment, StatefulSet and DaemonSet families: default labels namespace and the kind's own.</summary>
internal static class WorkloadMetrics
{
    public static void WriteDeployments(ExpositionWriter w, IReadOnlyList<StoredObject> deployments)
    {
        Integers(w, deployments, "deployment", [
            ("kube_deployment_spec_replicas", "[STABLE] Number of desired pods for a deployment.", o => o.Json.IntegerAt("spec", "replicas") ?? 1),
            ("kube_deployment_status_replicas", "[STABLE] The number of replicas per deployment.", o => o.Json.IntegerAt("status", "replicas") ?? 0),
            ("kube_deployment_status_replicas_ready", "[STABLE] The number of ready replicas per deployment.", o => o.Json.IntegerAt("status", "readyReplicas") ?? 0),
            ("kube_deployment_status_replicas_available", "[STABLE] The number of available replicas per deployment.", o => o.Json.IntegerAt("status", "availableReplicas") ?? 0),
            ("kube_deployment_status_replicas_unavailable", "[STABLE] The number of unavailable replicas per deployment.", o => o.Json.IntegerAt("status", "unavailableReplicas") ?? 0),
            ("kube_deployment_status_replicas_updated", "[STABLE] The number of updated replicas per deployment.", o => o.Json.IntegerAt("status", "updatedReplicas") ?? 0),
            ("kube_deployment_status_observed_generation", "[STABLE] The generation observed by the deployment controller.", o => o.Json.IntegerAt("status", "observedGeneration") ?? 0),
            ("kube_deployment_metadata_generation", "[STABLE] Sequence number representing a specific generation of the desired state.", o => o.Json.IntegerAt("metadata", "generation") ?? 0),
        ]);

        var condition = w.Gauge("kube_deployment_status_condition", "[STABLE] The current status conditions of a deployment.");
        foreach (var d in deployments)
        {
            foreach (var c in d.Json.ItemsAt("status", "conditions"))
            {
                condition.AddConditionTriple(c.StringAt("status"), ("namespace", d.Namespace), ("deployment", d.Name), ("condition", c.StringAt("type") ?? ""));
            }
        }
    }

    public static void WriteStatefulSets(ExpositionWriter w, IReadOnlyList<StoredObject> statefulSets) =>
        Integers(w, statefulSets, "statefulset", [
            ("kube_statefulset_replicas", "[STABLE] Number of desired pods for a StatefulSet.", o => o.Json.IntegerAt("spec", "replicas") ?? 1),
            ("kube_statefulset_status_replicas", "[STABLE] The number of replicas per StatefulSet.", o => o.Json.IntegerAt("status", "replicas") ?? 0),
            ("kube_statefulset_status_replicas_available", "[STABLE] The number of available replicas per StatefulSet.", o => o.Json.IntegerAt("status", "availableReplicas") ?? 0),
            ("kube_statefulset_status_replicas_current", "[STABLE] The number of current replicas per StatefulSet.", o => o.Json.IntegerAt("status", "currentReplicas") ?? 0),
            ("kube_statefulset_status_replicas_ready", "[STABLE] The number of ready replicas per StatefulSet.", o => o.Json.IntegerAt("status", "readyReplicas") ?? 0),
            ("kube_statefulset_status_replicas_updated", "[STABLE] The number of updated replicas per StatefulSet.", o => o.Json.IntegerAt("status", "updatedReplicas") ?? 0),
            ("kube_statefulset_status_observed_generation", "[STABLE] The generation observed by the StatefulSet controller.", o => o.Json.IntegerAt("status", "observedGeneration") ?? 0),
            ("kube_statefulset_metadata_generation", "[STABLE] Sequence number representing a specific generation of the desired state for the StatefulSet.", o => o.Json.IntegerAt("metadata", "generation") ?? 0),
        ]);

    public static void WriteDaemonSets(ExpositionWriter w, IReadOnlyList<StoredObject> daemonSets) =>
        Integers(w, daemonSets, "daemonset", [
            ("kube_daemonset_status_current_number_scheduled", "[STABLE] The number of nodes running at least one daemon pod and are supposed to.", o => o.Json.IntegerAt("status", "currentNumberScheduled") ?? 0),
            ("kube_daemonset_status_desired_number_scheduled", "[STABLE] The number of nodes that should be running the daemon pod.", o => o.Json.IntegerAt("status", "desiredNumberScheduled") ?? 0),
            ("kube_daemonset_status_number_available", "[STABLE] The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available", o => o.Json.IntegerAt("status", "numberAvailable") ?? 0),
            ("kube_daemonset_status_number_misscheduled", "[STABLE] The number of nodes running a daemon pod but are not supposed to.", o => o.Json.IntegerAt("status", "numberMisscheduled") ?? 0),
            ("kube_daemonset_status_number_ready", "[STABLE] The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", o => o.Json.IntegerAt("status", "numberReady") ?? 0),
            ("kube_daemonset_status_number_unavailable", "[STABLE] The number of nodes that should be running the daemon pod and have none of the daemon pod running and available", o => o.Json.IntegerAt("status", "numberUnavailable") ?? 0),
            ("kube_daemonset_status_updated_number_scheduled", "[STABLE] The total number of nodes that are running updated daemon pod", o => o.Json.IntegerAt("status", "updatedNumberScheduled") ?? 0),
            ("kube_daemonset_status_observed_generation", "[STABLE] The most recent generation observed by the daemon set controller.", o => o.Json.IntegerAt("status", "observedGeneration") ?? 0),
            ("kube_daemonset_metadata_generation", "[STABLE] Sequence number representing a specific generation of the desired state.", o => o.Json.IntegerAt("metadata", "generation") ?? 0),
        ]);

    /// <summary>One family per entry, one series per object labelled namespace and <paramref name="kindLabel"/>.</summary>
    public static void Integers(ExpositionWriter w, IReadOnlyList<StoredObject> objects, string kindLabel, (string Name, string Help, Func<StoredObject, long> Value)[] families)
    {
        foreach (var (name, help, value) in families)
        {
            var family = w.Gauge(name, help);
            foreach (var o in objects)
            {
                family.Add(value(o), ("namespace", o.Namespace), (kindLabel, o.Name));
            }
        }
    }
}
