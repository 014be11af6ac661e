using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Workload status as the controllers report it, set for healthy workloads or recounted from pods after a fault.</summary>
internal static class WorkloadStatus
{
    public static void SetHealthy(JsonObject deployment, JsonObject replicaSet, int replicas, DateTimeOffset rolledOut)
    {
        SetReplicaSet(replicaSet, replicas, replicas);
        var generation = deployment["metadata"]!["generation"]!.GetValue<long>();
        var status = new JsonObject { ["observedGeneration"] = generation };
        if (replicas > 0)
        {
            status["replicas"] = replicas;
            status["updatedReplicas"] = replicas;
            status["readyReplicas"] = replicas;
            status["availableReplicas"] = replicas;
        }

        status["conditions"] = new JsonArray(
            K8sJson.Condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", rolledOut.AddSeconds(12), rolledOut.AddSeconds(12)),
            K8sJson.Condition("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{K8sJson.Name(replicaSet)}\" has successfully progressed.",
                rolledOut, rolledOut.AddSeconds(14)));
        deployment["status"] = status;
    }

    /// <summary>Recounts a Deployment and its ReplicaSets from the pods now in the snapshot; Available follows the counts.</summary>
    public static void RecountDeployment(ClusterBuilder b, JsonObject deployment, DateTimeOffset since)
    {
        var ns = K8sJson.Namespace(deployment);
        var replicaSets = b.Objects(ResourceKinds.ReplicaSet, ns).Where(rs => IsOwnedBy(rs, deployment)).ToList();
        var pods = b.Objects(ResourceKinds.Pod, ns).Where(Pods.IsActive).ToList();
        int total = 0, ready = 0, updated = 0;
        var current = replicaSets.MaxBy(Revision);
        foreach (var rs in replicaSets)
        {
            var owned = pods.Where(p => IsOwnedBy(p, rs)).ToList();
            var rsReady = owned.Count(Pods.IsReady);
            SetReplicaSet(rs, owned.Count, rsReady);
            total += owned.Count;
            ready += rsReady;
            if (rs == current)
            {
                updated = owned.Count;
            }
        }

        var desired = deployment["spec"]!["replicas"]!.GetValue<int>();
        var status = K8sJson.Child(deployment, "status");
        SetOrRemove(status, "replicas", total);
        SetOrRemove(status, "updatedReplicas", updated);
        SetOrRemove(status, "readyReplicas", ready);
        SetOrRemove(status, "availableReplicas", ready);
        SetOrRemove(status, "unavailableReplicas", Math.Max(0, Math.Max(desired, total) - ready));
        var available = ready >= desired - (int)Math.Floor(desired * 0.25);
        SetCondition(status, "Available", available ? "True" : "False",
            available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", since);
        K8sJson.Metadata(deployment)["resourceVersion"] = b.NextResourceVersion();
    }

    public static void RecountStatefulSet(ClusterBuilder b, JsonObject statefulSet)
    {
        var pods = b.Objects(ResourceKinds.Pod, K8sJson.Namespace(statefulSet)).Where(p => IsOwnedBy(p, statefulSet) && !Pods.IsTerminal(p)).ToList();
        var status = K8sJson.Child(statefulSet, "status");
        var ready = pods.Count(Pods.IsReady);
        status["replicas"] = pods.Count;
        SetOrRemove(status, "readyReplicas", ready);
        SetOrRemove(status, "currentReplicas", pods.Count);
        SetOrRemove(status, "updatedReplicas", pods.Count);
        status["availableReplicas"] = ready;
        K8sJson.Metadata(statefulSet)["resourceVersion"] = b.NextResourceVersion();
    }

    public static void RecountDaemonSet(ClusterBuilder b, JsonObject daemonSet)
    {
        var pods = b.Objects(ResourceKinds.Pod, K8sJson.Namespace(daemonSet)).Where(p => IsOwnedBy(p, daemonSet) && !Pods.IsTerminal(p)).ToList();
        var status = K8sJson.Child(daemonSet, "status");
        var ready = pods.Count(Pods.IsReady);
        var desired = status["desiredNumberScheduled"]?.GetValue<int>() ?? pods.Count;
        status["numberReady"] = ready;
        SetOrRemove(status, "numberAvailable", ready);
        SetOrRemove(status, "numberUnavailable", desired - ready);
        K8sJson.Metadata(daemonSet)["resourceVersion"] = b.NextResourceVersion();
    }

    /// <summary>Recounts, once each, the workloads that own <paramref name="pods"/> (through their ReplicaSets for Deployments).</summary>
    public static void RecountOwnersOf(ClusterBuilder b, IEnumerable<JsonObject> pods, DateTimeOffset since)
    {
        var controllers = Controllers(b);
        var workloads = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var owner = OwnerIn(controllers, pod);
            if (owner is not null && K8sJson.Kind(owner) == ResourceKinds.ReplicaSet.Kind)
            {
                owner = OwnerIn(controllers, owner);
            }

            if (owner is not null)
            {
                workloads.TryAdd(K8sJson.Uid(owner), owner);
            }
        }

        foreach (var workload in workloads.Values)
        {
            switch (K8sJson.Kind(workload))
            {
                case "Deployment":
                    RecountDeployment(b, workload, since);
                    break;
                case "StatefulSet":
                    RecountStatefulSet(b, workload);
                    break;
                case "DaemonSet":
                    RecountDaemonSet(b, workload);
                    break;
            }
        }
    }

    /// <summary>The snapshot's controllers (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs) by uid, for owner lookups in bulk.</summary>
    public static Dictionary<string, JsonObject> Controllers(ClusterBuilder b) =>
        b.Snapshot.Objects
            .Where(o => K8sJson.Kind(o) is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" or "Job")
            .ToDictionary(K8sJson.Uid, StringComparer.Ordinal);

    public static JsonObject? OwnerIn(Dictionary<string, JsonObject> controllers, JsonObject obj) =>
        K8sJson.Text((obj["metadata"]?["ownerReferences"] as JsonArray)?.FirstOrDefault(), "uid") is { } uid ? controllers.GetValueOrDefault(uid) : null;

    public static bool IsOwnedBy(JsonObject obj, JsonObject owner) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.Any(r => K8sJson.Text(r, "uid") == K8sJson.Uid(owner)) == true;

    public static void SetCondition(JsonObject status, string type, string value, string reason, string message, DateTimeOffset since)
    {
        var conditions = K8sJson.Array(status, "conditions");
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => K8sJson.Text(c, "type") == type);
        if (existing is null)
        {
            conditions.Add(K8sJson.Condition(type, value, reason, message, since, since));
            return;
        }

        if (K8sJson.Text(existing, "status") != value)
        {
            existing["lastTransitionTime"] = K8sJson.Time(since);
        }

        existing["status"] = value;
        if (existing["lastUpdateTime"] is not null)
        {
            existing["lastUpdateTime"] = K8sJson.Time(since);
        }

        existing["reason"] = reason;
        existing["message"] = message;
    }

    private static void SetReplicaSet(JsonObject replicaSet, int replicas, int ready)
    {
        var status = new JsonObject { ["replicas"] = replicas };
        if (replicas > 0)
        {
            status["fullyLabeledReplicas"] = replicas;
        }

        if (ready > 0)
        {
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
        }

        status["observedGeneration"] = replicaSet["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        var conditions = replicaSet["status"]?["conditions"];
        if (conditions is not null)
        {
            status["conditions"] = conditions.DeepClone();
        }

        replicaSet["status"] = status;
    }

    private static int Revision(JsonObject replicaSet) =>
        int.TryParse(K8sJson.Text(replicaSet, "metadata", "annotations", "deployment.kubernetes.io/revision"), out var r) ? r : 0;

    private static void SetOrRemove(JsonObject status, string field, int value)
    {
        if (value > 0)
        {
            status[field] = value;
        }
        else
        {
            status.Remove(field);
        }
    }
}
