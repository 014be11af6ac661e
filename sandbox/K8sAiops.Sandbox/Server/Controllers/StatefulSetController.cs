using System.Globalization;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>The StatefulSet controller: pods <c>{name}-0</c> … <c>{name}-(replicas-1)</c>, created in order and removed from the highest ordinal.</summary>
internal static class StatefulSetController
{
    public static StoredObject Reconcile(StoreTransaction tx, StoredObject set)
    {
        var desired = StatusFields.DesiredReplicas(set);
        for (var ordinal = 0L; ordinal < desired; ordinal++)
        {
            var name = PodName(set, ordinal);
            if (tx.Get(ResourceKinds.Pod, set.Namespace, name) is null)
            {
                CreatePod(tx, set, name);
            }
        }

        foreach (var pod in StatusFields.PodsOf(tx, set).Where(p => Ordinal(set, p.Name) is not { } o || o >= desired).OrderByDescending(p => Ordinal(set, p.Name)))
        {
            tx.Delete(ResourceKinds.Pod, pod.Key);
            EventRecorder.Normal(tx, set, "SuccessfulDelete", $"delete Pod {pod.Name} in StatefulSet {set.Name} successful", "statefulset-controller");
        }

        return UpdateStatus(tx, tx.Get(set.Kind, set.Key)!);
    }

    /// <summary>After one of its pods was deleted: the same pod again, with a new uid, as the StatefulSet controller does.</summary>
    public static void ReplacePod(StoreTransaction tx, StoredObject set, string podName)
    {
        if (Ordinal(set, podName) is { } ordinal && ordinal < StatusFields.DesiredReplicas(set))
        {
            CreatePod(tx, set, podName);
        }

        UpdateStatus(tx, tx.Get(set.Kind, set.Key)!);
    }

    private static void CreatePod(StoreTransaction tx, StoredObject set, string name)
    {
        PodFactory.CreateFromTemplate(tx, set, name, generateName: null);
        EventRecorder.Normal(tx, set, "SuccessfulCreate", $"create Pod {name} in StatefulSet {set.Name} successful", "statefulset-controller");
    }

    private static StoredObject UpdateStatus(StoreTransaction tx, StoredObject set)
    {
        var pods = StatusFields.PodsOf(tx, set);
        var ready = pods.Count(p => PodFactory.IsReady(p.Json));
        return StatusFields.Update(tx, set, new Dictionary<string, long>
        {
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = pods.Count,
            ["updatedReplicas"] = pods.Count,
            ["availableReplicas"] = ready,
        });
    }

    private static string PodName(StoredObject set, long ordinal) => set.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    private static long? Ordinal(StoredObject set, string podName) =>
        podName.StartsWith(set.Name + "-", StringComparison.Ordinal)
        && long.TryParse(podName.AsSpan(set.Name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;
}
