using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>
/// The fields each kind can be selected by, as the API server registers them (every kind has
/// <c>metadata.name</c> and <c>metadata.namespace</c>); any other field is <c>field label not supported: X</c>.
/// </summary>
internal static class SelectableFields
{
    private delegate string Extract(JsonElement obj);

    private static readonly Dictionary<string, Extract> Common = new(StringComparer.Ordinal)
    {
        ["metadata.name"] = o => o.StringAt("metadata", "name") ?? "",
        ["metadata.namespace"] = o => o.StringAt("metadata", "namespace") ?? "",
    };

    private static readonly Dictionary<string, Dictionary<string, Extract>> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = new(StringComparer.Ordinal)
        {
            ["spec.nodeName"] = o => o.StringAt("spec", "nodeName") ?? "",
            ["spec.restartPolicy"] = o => o.StringAt("spec", "restartPolicy") ?? "",
            ["spec.schedulerName"] = o => o.StringAt("spec", "schedulerName") ?? "",
            ["spec.serviceAccountName"] = o => o.StringAt("spec", "serviceAccountName") ?? "",
            ["spec.hostNetwork"] = o => o.ScalarAt("spec", "hostNetwork") ?? "false",
            ["status.phase"] = o => o.StringAt("status", "phase") ?? "",
            ["status.podIP"] = o => o.StringAt("status", "podIP") ?? "",
            ["status.nominatedNodeName"] = o => o.StringAt("status", "nominatedNodeName") ?? "",
        },
        ["Event"] = new(StringComparer.Ordinal)
        {
            ["involvedObject.kind"] = o => o.StringAt("involvedObject", "kind") ?? "",
            ["involvedObject.namespace"] = o => o.StringAt("involvedObject", "namespace") ?? "",
            ["involvedObject.name"] = o => o.StringAt("involvedObject", "name") ?? "",
            ["involvedObject.uid"] = o => o.StringAt("involvedObject", "uid") ?? "",
            ["involvedObject.apiVersion"] = o => o.StringAt("involvedObject", "apiVersion") ?? "",
            ["involvedObject.resourceVersion"] = o => o.StringAt("involvedObject", "resourceVersion") ?? "",
            ["involvedObject.fieldPath"] = o => o.StringAt("involvedObject", "fieldPath") ?? "",
            ["reason"] = o => o.StringAt("reason") ?? "",
            ["reportingComponent"] = o => o.StringAt("reportingComponent") ?? "",
            ["source"] = o => o.StringAt("source", "component") ?? "",
            ["type"] = o => o.StringAt("type") ?? "",
        },
        ["Node"] = new(StringComparer.Ordinal)
        {
            ["spec.unschedulable"] = o => o.ScalarAt("spec", "unschedulable") ?? "false",
        },
        ["Namespace"] = new(StringComparer.Ordinal)
        {
            ["status.phase"] = o => o.StringAt("status", "phase") ?? "",
        },
        ["Secret"] = new(StringComparer.Ordinal)
        {
            ["type"] = o => o.StringAt("type") ?? "",
        },
        ["ReplicaSet"] = new(StringComparer.Ordinal)
        {
            ["status.replicas"] = o => o.ScalarAt("status", "replicas") ?? "0",
        },
        ["ReplicationController"] = new(StringComparer.Ordinal)
        {
            ["status.replicas"] = o => o.ScalarAt("status", "replicas") ?? "0",
        },
        ["Job"] = new(StringComparer.Ordinal)
        {
            ["status.successful"] = o => o.ScalarAt("status", "succeeded") ?? "0",
        },
    };

    /// <summary>Checks that <paramref name="kind"/> supports every field of <paramref name="selector"/>.</summary>
    public static void Validate(ResourceKind kind, FieldSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (Find(kind, requirement.Field) is null)
            {
                throw new SelectorException("field label not supported: " + requirement.Field);
            }
        }
    }

    public static bool Matches(ResourceKind kind, FieldSelector selector, JsonElement obj)
    {
        foreach (var requirement in selector.Requirements)
        {
            var actual = Find(kind, requirement.Field)!(obj);
            if (string.Equals(actual, requirement.Value, StringComparison.Ordinal) != requirement.Equal)
            {
                return false;
            }
        }

        return true;
    }

    private static Extract? Find(ResourceKind kind, string field) =>
        Common.TryGetValue(field, out var common) ? common
        : ByKind.TryGetValue(kind.Kind, out var fields) && fields.TryGetValue(field, out var specific) ? specific
        : null;
}
