using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>
/// The Deployment controller, instantaneous: the current ReplicaSet (the newest revision, or after a template change
/// the one whose template matches, created when none does) gets the Deployment's replicas and the older ones none;
/// their pods follow at once, and the Deployment's status counts them.
/// </summary>
internal static class DeploymentController
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string HashLabel = "pod-template-hash";

    public static StoredObject Reconcile(StoreTransaction tx, StoredObject deployment, bool templateChanged)
    {
        var sets = Owners.Controlled(tx, ResourceKinds.ReplicaSet, deployment).ToList();
        var current = templateChanged || sets.Count == 0
            ? sets.FirstOrDefault(s => SameTemplate(s, deployment)) ?? CreateReplicaSet(tx, deployment, sets)
            : sets.OrderByDescending(ReplicaSetController.Revision).ThenByDescending(s => s.Json.StringAt("metadata", "creationTimestamp"), StringComparer.Ordinal).First();
        var desired = StatusFields.DesiredReplicas(deployment);
        var latestRevision = sets.Select(ReplicaSetController.Revision).DefaultIfEmpty(0).Max();
        foreach (var set in Owners.Controlled(tx, ResourceKinds.ReplicaSet, deployment).ToList())
        {
            var isCurrent = set.Key == current.Key;
            var target = isCurrent ? desired : 0;
            var previous = set.Json.IntegerAt("spec", "replicas") ?? 1;
            var updated = StatusFields.SetReplicas(tx, set, target);
            if (isCurrent && templateChanged && ReplicaSetController.Revision(updated) < latestRevision)
            {
                updated = SetRevision(tx, updated, latestRevision + 1);
            }

            if (previous != target)
            {
                var direction = target > previous ? "up" : "down";
                EventRecorder.Normal(tx, deployment, "ScalingReplicaSet", $"Scaled {direction} replica set {set.Name} to {target} from {previous}", "deployment-controller");
            }

            ReplicaSetController.Reconcile(tx, updated);
        }

        return UpdateStatus(tx, tx.Get(deployment.Kind, deployment.Key)!, current.Key);
    }

    private static StoredObject UpdateStatus(StoreTransaction tx, StoredObject deployment, ObjectKey current)
    {
        var all = new List<StoredObject>();
        var updated = 0L;
        foreach (var set in Owners.Controlled(tx, ResourceKinds.ReplicaSet, deployment))
        {
            var pods = StatusFields.PodsOf(tx, set);
            all.AddRange(pods);
            if (set.Key == current)
            {
                updated = pods.Count;
            }
        }

        var ready = all.Count(p => PodFactory.IsReady(p.Json));
        return StatusFields.Update(tx, deployment, new Dictionary<string, long>
        {
            ["replicas"] = all.Count,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["unavailableReplicas"] = Math.Max(0, StatusFields.DesiredReplicas(deployment) - ready),
        });
    }

    private static StoredObject CreateReplicaSet(StoreTransaction tx, StoredObject deployment, List<StoredObject> existing)
    {
        var template = TemplateWithoutHash(deployment);
        var hash = Names.Hash(template.ToJsonString());
        var name = deployment.Name + "-" + hash;
        var revision = existing.Select(ReplicaSetController.Revision).DefaultIfEmpty(0).Max() + 1;
        var templateCopy = template.DeepClone().AsObject();
        templateCopy.Metadata().Child("labels")[HashLabel] = hash;
        var selector = deployment.Json.At("spec", "selector") is { } s ? JsonNode.Parse(s.GetRawText())!.AsObject() : new JsonObject();
        selector.Child("matchLabels")[HashLabel] = hash;
        var labels = templateCopy.Metadata()["labels"]!.DeepClone();
        var set = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = deployment.Namespace,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/desired-replicas"] = StatusFields.DesiredReplicas(deployment).ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = Owners.ReferenceTo(deployment),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["selector"] = selector,
                ["template"] = templateCopy,
            },
        };
        ObjectDefaults.Apply(ResourceKinds.ReplicaSet, set, tx.Now);
        return tx.Put(ResourceKinds.ReplicaSet, set);
    }

    private static StoredObject SetRevision(StoreTransaction tx, StoredObject set, long revision)
    {
        var obj = set.ToNode();
        obj.Metadata().Child("annotations")[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
        return tx.Put(set.Kind, obj);
    }

    private static bool SameTemplate(StoredObject set, StoredObject deployment)
    {
        var setTemplate = set.Json.At("spec", "template") is { } t ? JsonNode.Parse(t.GetRawText())!.AsObject() : new JsonObject();
        (setTemplate["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        return JsonNode.DeepEquals(setTemplate, TemplateWithoutHash(deployment));
    }

    private static JsonObject TemplateWithoutHash(StoredObject deployment)
    {
        var template = deployment.Json.At("spec", "template") is { } t ? JsonNode.Parse(t.GetRawText())!.AsObject() : new JsonObject();
        (template["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        return template;
    }
}
