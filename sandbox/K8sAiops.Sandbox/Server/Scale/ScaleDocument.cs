using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Scale;

/// <summary>The <c>autoscaling/v1 Scale</c> view of a workload: its identity, desired replicas, current replicas and selector.</summary>
internal static class ScaleDocument
{
    public static JsonObject From(StoredObject workload)
    {
        var json = workload.Json;
        var metadata = new JsonObject
        {
            ["name"] = workload.Name,
        };
        if (workload.Kind.Namespaced)
        {
            metadata["namespace"] = workload.Namespace;
        }

        metadata["uid"] = workload.Uid;
        metadata["resourceVersion"] = workload.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        metadata["creationTimestamp"] = json.StringAt("metadata", "creationTimestamp");
        var status = new JsonObject { ["replicas"] = json.IntegerAt("status", "replicas") ?? 0 };
        var selector = SelectorText.Format(json.At("spec", "selector"));
        if (selector.Length > 0)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = json.IntegerAt("spec", "replicas") ?? 1 },
            ["status"] = status,
        };
    }
}
