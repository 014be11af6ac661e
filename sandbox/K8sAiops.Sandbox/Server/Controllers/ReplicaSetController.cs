using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>
/// The ReplicaSet (and ReplicationController) controller: keeps as many pods as <c>spec.replicas</c>, creating
/// <c>{name}-{5 random}</c> pods from the template or deleting the surplus (not-ready pods first, then the newest), and
/// keeps <c>status</c> counting them.
/// </summary>
internal static class ReplicaSetController
{
    public static StoredObject Reconcile(StoreTransaction tx, StoredObject set)
    {
        var pods = StatusFields.PodsOf(tx, set);
        var desired = StatusFields.DesiredReplicas(set);
        for (var missing = desired - pods.Count; missing > 0; missing--)
        {
            pods.Add(CreatePod(tx, set));
        }

        var surplus = pods
            .OrderBy(p => PodFactory.IsReady(p.Json))
            .ThenByDescending(p => p.Json.StringAt("metadata", "creationTimestamp"), StringComparer.Ordinal)
            .ThenByDescending(p => p.Name, StringComparer.Ordinal)
            .Take((int)Math.Max(0, pods.Count - desired))
            .ToList();
        foreach (var pod in surplus)
        {
            tx.Delete(ResourceKinds.Pod, pod.Key);
            pods.Remove(pod);
            EventRecorder.Normal(tx, set, "SuccessfulDelete", "Deleted pod: " + pod.Name, Component(set));
        }

        return UpdateStatus(tx, tx.Get(set.Kind, set.Key)!, pods);
    }

    /// <summary>After one of its pods was deleted: a replacement when the set is now short of replicas, and the Deployment's status recounted.</summary>
    public static void ReplacePod(StoreTransaction tx, StoredObject set)
    {
        var pods = StatusFields.PodsOf(tx, set);
        if (pods.Count < StatusFields.DesiredReplicas(set))
        {
            pods.Add(CreatePod(tx, set));
        }

        var updated = UpdateStatus(tx, tx.Get(set.Kind, set.Key)!, pods);
        DeploymentController.Recount(tx, updated);
    }

    private static StoredObject CreatePod(StoreTransaction tx, StoredObject set)
    {
        var prefix = set.Name + "-";
        var name = Names.Generate(prefix, n => tx.Get(ResourceKinds.Pod, set.Namespace, n) is not null);
        var pod = PodFactory.CreateFromTemplate(tx, tx.Get(set.Kind, set.Key) ?? set, name, prefix);
        EventRecorder.Normal(tx, set, "SuccessfulCreate", "Created pod: " + name, Component(set));
        return pod;
    }

    private static StoredObject UpdateStatus(StoreTransaction tx, StoredObject set, List<StoredObject> pods)
    {
        var ready = pods.Count(p => PodFactory.IsReady(p.Json));
        return StatusFields.Update(tx, set, new Dictionary<string, long>
        {
            ["replicas"] = pods.Count,
            ["fullyLabeledReplicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
        });
    }

    private static string Component(StoredObject set) =>
        set.Kind == ResourceKinds.ReplicationController ? "replication-controller" : "replicaset-controller";
}
