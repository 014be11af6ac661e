using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Mutations;

/// <summary>
/// The part of the API server's validation that remediation can run into: object names, non-negative replicas,
/// immutable workload selectors, and the narrow set of fields a running pod's spec may change. Failures are 422
/// <c>Invalid</c> with the API server's field paths and wording.
/// </summary>
internal static partial class Validation
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and "
        + "end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string PodUpdateMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
        + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly HashSet<string> Replicated = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"];

    public static void ValidateCreate(ResourceKind kind, JsonObject obj)
    {
        var name = obj.StringAt("metadata", "name") ?? "";
        var errors = new List<FieldError>();
        if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            errors.Add(FieldError.Invalid("metadata.name", name, SubdomainMessage));
        }

        errors.AddRange(ValidateSpec(kind, obj));
        Throw(kind, name, errors);
    }

    public static void ValidateUpdate(ResourceKind kind, JsonElement old, JsonObject updated)
    {
        var name = updated.StringAt("metadata", "name") ?? "";
        var errors = ValidateSpec(kind, updated).ToList();
        if (kind.Kind is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"
            && old.At("spec", "selector") is { } oldSelector
            && !JsonNode.DeepEquals(JsonNode.Parse(oldSelector.GetRawText()), updated["spec"]?["selector"]))
        {
            errors.Add(FieldError.Invalid("spec.selector", updated["spec"]?["selector"]?.ToJsonString() ?? "null", "field is immutable"));
        }

        if (kind == ResourceKinds.Pod && !JsonNode.DeepEquals(MutablePodFieldsCleared(old), MutablePodFieldsCleared(updated)))
        {
            errors.Add(FieldError.Forbidden("spec", PodUpdateMessage));
        }

        Throw(kind, name, errors);
    }

    /// <summary>A Scale's replicas: 422 <c>Scale.autoscaling "x" is invalid: spec.replicas: …</c> when negative.</summary>
    public static void ValidateScale(string name, long replicas)
    {
        if (replicas < 0)
        {
            throw ApiErrors.Invalid("Scale", "autoscaling", name, [FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
        }
    }

    private static IEnumerable<FieldError> ValidateSpec(ResourceKind kind, JsonObject obj)
    {
        if (Replicated.Contains(kind.Kind) && obj["spec"]?["replicas"] is JsonValue replicas)
        {
            if (replicas.GetValueKind() != JsonValueKind.Number || !long.TryParse(replicas.ToJsonString(), out var n))
            {
                yield return FieldError.Invalid("spec.replicas", replicas.ToJsonString(), "must be an integer");
            }
            else if (n < 0)
            {
                yield return FieldError.Invalid("spec.replicas", n, "must be greater than or equal to 0");
            }
        }
    }

    /// <summary>The pod's spec without the fields an update may change.</summary>
    private static JsonNode? MutablePodFieldsCleared(object pod)
    {
        var spec = pod switch
        {
            JsonElement e => e.At("spec") is { } s ? JsonNode.Parse(s.GetRawText()) : null,
            JsonObject o => o["spec"]?.DeepClone(),
            _ => null,
        };
        if (spec is not JsonObject specObject)
        {
            return spec;
        }

        specObject.Remove("activeDeadlineSeconds");
        specObject.Remove("terminationGracePeriodSeconds");
        specObject.Remove("tolerations");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (specObject[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                container.Remove("image");
            }
        }

        return specObject;
    }

    private static void Throw(ResourceKind kind, string name, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(kind, name, [.. errors]);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
