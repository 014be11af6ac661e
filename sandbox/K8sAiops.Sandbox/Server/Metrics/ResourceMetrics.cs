using System.Text.Json;
using System.Text.RegularExpressions;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// KSM's resource families: each container's requests and limits (pod labels, then container, node, resource, unit)
/// and each node's allocatable (node, resource, unit). Units as KSM writes them: <c>cpu</c> in <c>core</c>; memory,
/// storage, ephemeral storage and huge pages in <c>byte</c>; pods and extended resources in <c>integer</c>. Resource
/// names have characters other than letters, digits and <c>_</c> replaced by <c>_</c> (<c>ephemeral_storage</c>).
/// </summary>
internal static partial class ResourceMetrics
{
    public static void WriteContainers(ExpositionWriter w, IReadOnlyList<StoredObject> pods)
    {
        foreach (var (name, help, field) in new[]
        {
            ("kube_pod_container_resource_requests", "The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.", "requests"),
            ("kube_pod_container_resource_limits", "The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.", "limits"),
        })
        {
            var family = w.Gauge(name, help);
            foreach (var p in pods)
            {
                var node = p.Json.StringAt("spec", "nodeName") ?? "";
                foreach (var c in p.Json.ItemsAt("spec", "containers"))
                {
                    foreach (var (resource, unit, value) in Series(c.At("resources", field)))
                    {
                        family.Add(value, [.. PodMetrics.Id(p), ("container", c.StringAt("name") ?? ""), ("node", node), ("resource", resource), ("unit", unit)]);
                    }
                }
            }
        }
    }

    public static void WriteNodes(ExpositionWriter w, IReadOnlyList<StoredObject> nodes)
    {
        var allocatable = w.Gauge("kube_node_status_allocatable", "[STABLE] The allocatable for different resources of a node that are available for scheduling.");
        foreach (var n in nodes)
        {
            foreach (var (resource, unit, value) in Series(n.Json.At("status", "allocatable")))
            {
                allocatable.Add(value, ("node", n.Name), ("resource", resource), ("unit", unit));
            }
        }
    }

    /// <summary>One (resource, unit, value) per quantity of a resource list KSM exports; unknown kinds of resource are left out.</summary>
    private static IEnumerable<(string Resource, string Unit, double Value)> Series(JsonElement? resources)
    {
        if (resources is not { ValueKind: JsonValueKind.Object } list)
        {
            yield break;
        }

        foreach (var entry in list.EnumerateObject())
        {
            var text = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : entry.Value.GetRawText();
            if (Quantity.Parse(text) is not { } value || Unit(entry.Name) is not { } unit)
            {
                continue;
            }

            yield return (InvalidLabelCharacters().Replace(entry.Name, "_"), unit, unit == "core" ? value : Math.Ceiling(value));
        }
    }

    private static string? Unit(string resource) => resource switch
    {
        "cpu" => "core",
        "memory" or "storage" or "ephemeral-storage" => "byte",
        _ when resource.StartsWith("hugepages-", StringComparison.Ordinal) || resource.StartsWith("attachable-volumes-", StringComparison.Ordinal) => "byte",
        "pods" => "integer",
        _ when resource.Contains('/', StringComparison.Ordinal) => "integer",
        _ => null,
    };

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex InvalidLabelCharacters();
}
