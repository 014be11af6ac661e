using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's Node families (<c>internal/store/node.go</c>): default label node.</summary>
internal static class NodeMetrics
{
    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> nodes)
    {
        var condition = w.Gauge("kube_node_status_condition", "[STABLE] The condition of a cluster node.");
        foreach (var n in nodes)
        {
            foreach (var c in n.Json.ItemsAt("status", "conditions"))
            {
                condition.AddConditionTriple(c.StringAt("status"), ("node", n.Name), ("condition", c.StringAt("type") ?? ""));
            }
        }

        var taint = w.Gauge("kube_node_spec_taint", "[STABLE] The taint of a cluster node.");
        foreach (var n in nodes)
        {
            foreach (var t in n.Json.ItemsAt("spec", "taints"))
            {
                taint.Add(1, ("node", n.Name), ("key", t.StringAt("key") ?? ""), ("value", t.StringAt("value") ?? ""), ("effect", t.StringAt("effect") ?? ""));
            }
        }

        var unschedulable = w.Gauge("kube_node_spec_unschedulable", "[STABLE] Whether a node can schedule new pods.");
        foreach (var n in nodes)
        {
            unschedulable.Add(n.Json.At("spec", "unschedulable") is { ValueKind: JsonValueKind.True } ? 1 : 0, ("node", n.Name));
        }
    }
}
