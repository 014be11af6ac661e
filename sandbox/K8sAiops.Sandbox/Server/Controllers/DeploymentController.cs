using System.Globalization;
using System.Text.Json;
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
        var latestRevision = sets.Select(Revision).Append(AnnotatedRevision(deployment.Json)).Max();
        var current = templateChanged || sets.Count == 0
            ? sets.FirstOrDefault(s => SameTemplate(s, deployment)) ?? CreateReplicaSet(tx, deployment, latestRevision + 1)
            : sets.OrderByDescending(Revision).ThenByDescending(s => s.Json.StringAt("metadata", "creationTimestamp"), StringComparer.Ordinal).First();
        if (templateChanged && Revision(current) < latestRevision)
        {
            current = SetRevision(tx, current, latestRevision + 1);
        }

        var desired = StatusFields.DesiredReplicas(deployment);
        var others = Owners.Controlled(tx, ResourceKinds.ReplicaSet, deployment).Where(s => s.Key != current.Key);
        foreach (var set in others.Prepend(tx.Get(ResourceKinds.ReplicaSet, current.Key)!).ToList())
        {
            var target = set.Key == current.Key ? desired : 0;
            var previous = set.Json.IntegerAt("spec", "replicas") ?? 1;
            var updated = StatusFields.SetReplicas(tx, set, target);
            if (previous != target)
            {
                var direction = target > previous ? "up" : "down";
                EventRecorder.Normal(tx, deployment, "ScalingReplicaSet", $"Scaled {direction} replica set {set.Name} to {target} from {previous}", "deployment-controller");
            }

            ReplicaSetController.Reconcile(tx, updated);
        }

        var revision = Revision(tx.Get(ResourceKinds.ReplicaSet, current.Key)!);
        var latest = tx.Get(deployment.Kind, deployment.Key)!;
        if (AnnotatedRevision(latest.Json) != revision)
        {
            latest = SetRevision(tx, latest, revision);
        }

        return UpdateStatus(tx, latest, current.Key);
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
        var desired = StatusFields.DesiredReplicas(deployment);
        var counters = new Dictionary<string, long>
        {
            ["replicas"] = all.Count,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["unavailableReplicas"] = Math.Max(0, desired - ready),
        };
        var now = Json.FormatTime(tx.Now);
        return StatusFields.Update(tx, deployment, counters, status =>
        {
            var available = ready >= desired - MaxUnavailable(deployment, desired);
            SetCondition(status, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
            var complete = updated == desired && all.Count == desired && ready == desired;
            SetCondition(status, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete ? $"ReplicaSet \"{current.Name}\" has successfully progressed." : $"ReplicaSet \"{current.Name}\" is progressing.", now);
        });
    }

    /// <summary>After a pod of <paramref name="set"/> was deleted or replaced: the status of the Deployment controlling it.</summary>
    public static void Recount(StoreTransaction tx, StoredObject set)
    {
        if (Owners.ControllerOf(set.Json) is { Kind: "Deployment" } owner
            && tx.Get(ResourceKinds.Deployment, set.Namespace, owner.Name) is { } deployment
            && Owners.IsControlledBy(set.Json, deployment))
        {
            var current = Owners.Controlled(tx, ResourceKinds.ReplicaSet, deployment)
                .OrderByDescending(Revision).ThenByDescending(s => s.Json.StringAt("metadata", "creationTimestamp"), StringComparer.Ordinal).First();
            UpdateStatus(tx, deployment, current.Key);
        }
    }

    /// <summary>The rolling update's <c>maxUnavailable</c> (an integer or a percentage rounded down; 25% by default, 0 for Recreate).</summary>
    private static long MaxUnavailable(StoredObject deployment, long desired)
    {
        if (deployment.Json.StringAt("spec", "strategy", "type") == "Recreate")
        {
            return 0;
        }

        var value = deployment.Json.At("spec", "strategy", "rollingUpdate", "maxUnavailable");
        return value switch
        {
            { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var count) => count,
            { ValueKind: JsonValueKind.String } s when s.GetString() is { } text && text.EndsWith('%')
                && long.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) => desired * percent / 100,
            _ => desired * 25 / 100,
        };
    }

    /// <summary>Sets a Deployment condition; its transition time changes only with its status, its update time with anything.</summary>
    private static void SetCondition(JsonObject status, string type, bool value, string reason, string message, string now)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);
        var text = value ? "True" : "False";
        if (existing is not null && existing.StringAt("status") == text && existing.StringAt("reason") == reason && existing.StringAt("message") == message)
        {
            return;
        }

        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = existing is not null && existing.StringAt("status") == text ? existing["lastTransitionTime"]?.DeepClone() ?? now : now,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    private static StoredObject CreateReplicaSet(StoreTransaction tx, StoredObject deployment, long revision)
    {
        var template = TemplateWithoutHash(deployment);
        var hash = Names.Hash(template.ToJsonString());
        var name = deployment.Name + "-" + hash;
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

    /// <summary>A ReplicaSet's revision; one without the annotation counts as the first.</summary>
    private static long Revision(StoredObject set) => Math.Max(1, AnnotatedRevision(set.Json));

    private static long AnnotatedRevision(JsonElement obj) =>
        long.TryParse(obj.StringAt("metadata", "annotations", RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>Stores <paramref name="obj"/> (a ReplicaSet or the Deployment) with its revision annotation set.</summary>
    private static StoredObject SetRevision(StoreTransaction tx, StoredObject obj, long revision)
    {
        var node = obj.ToNode();
        node.Metadata().Child("annotations")[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
        return tx.Put(obj.Kind, node);
    }

    /// <summary>
    /// Whether the ReplicaSet runs the Deployment's template. Like the controller's semantic comparison, empty and
    /// null fields do not count (clients that round-trip through typed objects add <c>creationTimestamp: null</c>,
    /// <c>resources: {}</c>), nor does the <c>pod-template-hash</c> label.
    /// </summary>
    private static bool SameTemplate(StoredObject set, StoredObject deployment)
    {
        var setTemplate = set.Json.At("spec", "template") is { } t ? JsonNode.Parse(t.GetRawText())!.AsObject() : new JsonObject();
        (setTemplate["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        return JsonNode.DeepEquals(WithoutEmpty(setTemplate), WithoutEmpty(TemplateWithoutHash(deployment)));
    }

    private static JsonNode? WithoutEmpty(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (WithoutEmpty(value) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray(array.Select(item => WithoutEmpty(item) ?? new JsonObject()).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static JsonObject TemplateWithoutHash(StoredObject deployment)
    {
        var template = deployment.Json.At("spec", "template") is { } t ? JsonNode.Parse(t.GetRawText())!.AsObject() : new JsonObject();
        (template["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        return template;
    }
}
