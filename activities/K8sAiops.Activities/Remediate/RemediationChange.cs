using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// The write an action makes, built from the live object: always absolute values (never "one more replica"), so
/// the same patch written twice leaves the object as written once, and always carrying the live
/// <c>metadata.resourceVersion</c>, so the API server refuses it (409 Conflict) when the object changed since.
/// </summary>
/// <param name="Patch">The patch body (for a delete, the delete options); null with a <paramref name="Refusal"/>.</param>
/// <param name="Owner">For delete-pod, the pod's controller.</param>
internal sealed record RemediationChange(string? PatchType, JsonObject? Patch, string Summary, string? Refusal = null, ResourceRef? Owner = null)
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string HashLabel = "pod-template-hash";

    private static RemediationChange Refuse(string why) => new(null, null, why, why);

    public static async Task<RemediationChange> BuildAsync(IKubernetes client, ProposedAction action, JsonObject live, DateTimeOffset plannedAt, CancellationToken cancellationToken)
    {
        var rv = live["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
        var what = $"{action.Target.Kind} {action.Target.Namespace}/{action.Target.Name}";
        switch (action.Kind)
        {
            case ActionKinds.RestartWorkload:
                var at = plannedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                return Strategic(rv, new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RestartedAtAnnotation] = at } } } },
                    $"restart {what} (restartedAt {at}), replacing its pods");

            case ActionKinds.Scale:
                if (!long.TryParse(ActionArguments.Get(action, ActionParameters.Replicas), NumberStyles.None, CultureInfo.InvariantCulture, out var replicas))
                    return Refuse("scale needs a replica count (parameter replicas, or --replicas=N in its command).");
                var current = live["spec"]?["replicas"]?.GetValue<long>() ?? 1;
                return Strategic(rv, new JsonObject { ["replicas"] = replicas },
                    $"scale {what} from {current.ToString(CultureInfo.InvariantCulture)} to {replicas.ToString(CultureInfo.InvariantCulture)} replica(s)");

            case ActionKinds.PatchMemoryLimit:
                return Limit(action, live, rv, "memory", ActionParameters.Memory, what);

            case ActionKinds.PatchCpuLimit:
                return Limit(action, live, rv, "cpu", ActionParameters.Cpu, what);

            case ActionKinds.Rollback:
                return await RollbackAsync(client, action, live, rv, what, cancellationToken);

            case ActionKinds.CordonNode:
                return new RemediationChange(PatchTypes.StrategicMerge,
                    new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = rv }, ["spec"] = new JsonObject { ["unschedulable"] = true } },
                    $"cordon node {action.Target.Name} so no new pods are scheduled on it");

            case ActionKinds.DeletePod:
                var uid = live["metadata"]?["uid"]?.GetValue<string>() ?? "";
                var owner = (live["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
                    .FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true) is { } reference
                    ? new ResourceRef(reference["kind"]!.GetValue<string>(), action.Target.Namespace, reference["name"]!.GetValue<string>())
                    : null;
                var replaced = owner is null ? "nothing replaces it (it has no controller)" : $"its {owner.Kind} {owner.Name} replaces it";
                return new RemediationChange(PatchTypes.Delete,
                    new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = uid, ["resourceVersion"] = rv } },
                    $"delete pod {action.Target.Namespace}/{action.Target.Name}; {replaced}", Owner: owner);

            default:
                return Refuse($"'{action.Kind}' is not in the remediation catalogue.");
        }
    }

    private static RemediationChange Strategic(string rv, JsonObject spec, string summary) =>
        new(PatchTypes.StrategicMerge, new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = rv }, ["spec"] = spec }, summary);

    /// <summary>The container's limit set to the new value; its request lowered to the limit when it would exceed it.</summary>
    private static RemediationChange Limit(ProposedAction action, JsonObject live, string rv, string resource, string key, string what)
    {
        var containers = (live["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var name = ActionArguments.Get(action, ActionParameters.Container) ?? (containers.Count == 1 ? containers[0]["name"]?.GetValue<string>() : null);
        if (name is null)
            return Refuse($"{action.Kind} needs the container (parameter container, or -c NAME in its command): {what} has {containers.Count} containers.");
        var container = containers.FirstOrDefault(c => c["name"]?.GetValue<string>() == name);
        if (container is null)
            return Refuse($"{what} has no container {name}.");
        var value = ActionArguments.Get(action, key);
        if (value is null || Quantity(value) is not { } wanted || wanted <= 0)
            return Refuse($"{action.Kind} needs a positive {resource} quantity (parameter {key}, or --limits={resource}=… in its command); got '{value}'.");

        var limitNow = container["resources"]?["limits"]?[resource]?.GetValue<string>();
        var requestNow = container["resources"]?["requests"]?[resource]?.GetValue<string>();
        var resources = new JsonObject { ["limits"] = new JsonObject { [resource] = value } };
        var lowered = requestNow is not null && Quantity(requestNow) > wanted;
        if (lowered)
            resources["requests"] = new JsonObject { [resource] = value };
        var verb = limitNow is not null && Quantity(limitNow) > wanted ? "lower" : "raise";
        var request = lowered ? $" (and its request from {requestNow} to {value})" : "";
        return Strategic(rv,
            new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["resources"] = resources }) } } },
            $"{verb} the {resource} limit of container {name} in {what} from {limitNow ?? "none"} to {value}{request}");
    }

    /// <summary>As <c>kubectl rollout undo</c>: the template of the ReplicaSet of the wanted revision, without its pod-template-hash label.</summary>
    private static async Task<RemediationChange> RollbackAsync(IKubernetes client, ProposedAction action, JsonObject live, string rv, string what, CancellationToken cancellationToken)
    {
        var uid = live["metadata"]?["uid"]?.GetValue<string>();
        var currentRevision = Revision(live);
        var sets = (await LiveObjects.ReplicaSetsAsync(client, action.Target.Namespace, LiveObjects.Selector(live), cancellationToken))
            .Where(s => (s["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Any(o => o["uid"]?.GetValue<string>() == uid))
            .ToList();
        var wanted = ActionArguments.Get(action, ActionParameters.Revision) is { Length: > 0 } text && long.TryParse(text, CultureInfo.InvariantCulture, out var r) && r > 0
            ? sets.FirstOrDefault(s => Revision(s) == r)
            : sets.Where(s => Revision(s) < currentRevision).MaxBy(Revision);
        if (wanted?["spec"]?["template"]?.DeepClone() is not JsonObject template)
            return Refuse($"{what} has no earlier revision to roll back to (current revision {currentRevision.ToString(CultureInfo.InvariantCulture)}).");
        (template["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        template["$patch"] = "replace";

        var before = Images(live["spec"]?["template"]);
        var after = Images(template);
        var images = before == after ? "" : $" ({before} → {after})";
        return Strategic(rv, new JsonObject { ["template"] = template },
            $"roll {what} back from revision {currentRevision.ToString(CultureInfo.InvariantCulture)} to revision {Revision(wanted).ToString(CultureInfo.InvariantCulture)}{images}");
    }

    private static long Revision(JsonObject obj) =>
        long.TryParse(obj["metadata"]?["annotations"]?[RevisionAnnotation]?.GetValue<string>(), CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string Images(JsonNode? template) =>
        string.Join(", ", (template?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["image"]?.GetValue<string>() ?? "?"));

    /// <summary>A Kubernetes quantity's value, or null when it is not one.</summary>
    public static decimal? Quantity(string text)
    {
        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
