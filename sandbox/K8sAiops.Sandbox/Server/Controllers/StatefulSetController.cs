using System.Globalization;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>
/// The StatefulSet controller: pods <c>{name}-0</c> … <c>{name}-(replicas-1)</c>, created in order and removed from
/// the highest ordinal. A template change is rolled out at once under the <c>RollingUpdate</c> strategy (every pod of
/// an older revision is replaced, highest ordinal first); under <c>OnDelete</c> only pods deleted afterwards get it.
/// </summary>
internal static class StatefulSetController
{
    private const string RevisionLabel = "controller-revision-hash";

    public static StoredObject Reconcile(StoreTransaction tx, StoredObject set, bool templateChanged = false)
    {
        var desired = StatusFields.DesiredReplicas(set);
        var revision = templateChanged ? DerivedRevision(set) : UpdateRevision(set);
        if (templateChanged && set.Json.StringAt("spec", "updateStrategy", "type") != "OnDelete")
        {
            foreach (var pod in StatusFields.PodsOf(tx, set).Where(p => p.Json.StringAt("metadata", "labels", RevisionLabel) != revision).OrderByDescending(p => Ordinal(set, p.Name)).ToList())
            {
                tx.Delete(ResourceKinds.Pod, pod.Key);
                EventRecorder.Normal(tx, set, "SuccessfulDelete", $"delete Pod {pod.Name} in StatefulSet {set.Name} successful", "statefulset-controller");
            }
        }

        for (var ordinal = 0L; ordinal < desired; ordinal++)
        {
            var name = PodName(set, ordinal);
            if (tx.Get(ResourceKinds.Pod, set.Namespace, name) is null)
            {
                CreatePod(tx, set, name, revision);
            }
        }

        foreach (var pod in StatusFields.PodsOf(tx, set).Where(p => Ordinal(set, p.Name) is not { } o || o >= desired).OrderByDescending(p => Ordinal(set, p.Name)))
        {
            tx.Delete(ResourceKinds.Pod, pod.Key);
            EventRecorder.Normal(tx, set, "SuccessfulDelete", $"delete Pod {pod.Name} in StatefulSet {set.Name} successful", "statefulset-controller");
        }

        return UpdateStatus(tx, tx.Get(set.Kind, set.Key)!, revision);
    }

    /// <summary>After one of its pods was deleted: the same pod again, with a new uid, as the StatefulSet controller does.</summary>
    public static void ReplacePod(StoreTransaction tx, StoredObject set, string podName)
    {
        if (Ordinal(set, podName) is { } ordinal && ordinal < StatusFields.DesiredReplicas(set))
        {
            CreatePod(tx, set, podName, UpdateRevision(set));
        }

        UpdateStatus(tx, tx.Get(set.Kind, set.Key)!, UpdateRevision(set));
    }

    private static void CreatePod(StoreTransaction tx, StoredObject set, string name, string revision)
    {
        PodFactory.CreateFromTemplate(tx, set, name, generateName: null, new Dictionary<string, string>
        {
            [RevisionLabel] = revision,
            ["statefulset.kubernetes.io/pod-name"] = name,
        });
        EventRecorder.Normal(tx, set, "SuccessfulCreate", $"create Pod {name} in StatefulSet {set.Name} successful", "statefulset-controller");
    }

    private static StoredObject UpdateStatus(StoreTransaction tx, StoredObject set, string revision)
    {
        var pods = StatusFields.PodsOf(tx, set);
        var ready = pods.Count(p => PodFactory.IsReady(p.Json));
        var updated = pods.Count(p => p.Json.StringAt("metadata", "labels", RevisionLabel) is not { } r || r == revision);
        return StatusFields.Update(tx, set, new Dictionary<string, long>
        {
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = updated == pods.Count ? pods.Count : pods.Count - updated,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = ready,
        }, status =>
        {
            status["updateRevision"] = revision;
            if (updated == pods.Count)
            {
                status["currentRevision"] = revision;
            }
        });
    }

    /// <summary>The revision pods are created at: the one the controller last rolled out (a snapshot records it), else the template's own.</summary>
    private static string UpdateRevision(StoredObject set) =>
        set.Json.StringAt("status", "updateRevision") is { Length: > 0 } recorded ? recorded : DerivedRevision(set);

    /// <summary>A revision name for the set's current template, like a ControllerRevision's <c>{set}-{hash}</c>.</summary>
    private static string DerivedRevision(StoredObject set) =>
        set.Name + "-" + Names.Hash(set.Json.At("spec", "template")?.GetRawText() ?? "");

    private static string PodName(StoredObject set, long ordinal) => set.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    private static long? Ordinal(StoredObject set, string podName) =>
        podName.StartsWith(set.Name + "-", StringComparison.Ordinal)
        && long.TryParse(podName.AsSpan(set.Name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;
}
