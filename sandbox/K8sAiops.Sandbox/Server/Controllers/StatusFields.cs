using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>Writes a workload's status counters the way the API serialises them: zero counters are left out.</summary>
internal static class StatusFields
{
    /// <summary>Stores <paramref name="workload"/> with its status counters replaced (and whatever <paramref name="more"/> changes in its status); returns the stored object (unchanged when nothing differs).</summary>
    public static StoredObject Update(StoreTransaction tx, StoredObject workload, IReadOnlyDictionary<string, long> counters, Action<JsonObject>? more = null)
    {
        var obj = workload.ToNode();
        var status = obj.Child("status");
        more?.Invoke(status);
        foreach (var (field, value) in counters)
        {
            if (value == 0)
            {
                status.Remove(field);
            }
            else
            {
                status[field] = value;
            }
        }

        if (obj.IntegerAt("metadata", "generation") is { } generation)
        {
            status["observedGeneration"] = generation;
        }

        return JsonNode.DeepEquals(obj, workload.ToNode()) ? workload : tx.Put(workload.Kind, obj);
    }

    /// <summary>Stores <paramref name="workload"/> with <c>spec.replicas</c> set, advancing its generation when it changes.</summary>
    public static StoredObject SetReplicas(StoreTransaction tx, StoredObject workload, long replicas)
    {
        if (workload.Json.IntegerAt("spec", "replicas") == replicas)
        {
            return workload;
        }

        var obj = workload.ToNode();
        obj.Child("spec")["replicas"] = replicas;
        if (KindTraits.HasGeneration(workload.Kind))
        {
            obj.Metadata()["generation"] = (obj.IntegerAt("metadata", "generation") ?? 0) + 1;
        }

        return tx.Put(workload.Kind, obj);
    }

    public static long DesiredReplicas(StoredObject workload) => workload.Json.IntegerAt("spec", "replicas") ?? 1;

    /// <summary>The live (not terminating) pods a workload controls.</summary>
    public static List<StoredObject> PodsOf(StoreTransaction tx, StoredObject workload) =>
        Owners.Controlled(tx, ResourceKinds.Pod, workload).Where(p => p.Json.StringAt("metadata", "deletionTimestamp") is null).ToList();
}
