using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// node-not-ready: a node's kubelet stopped posting status. The node lifecycle controller sets every condition to
/// Unknown (<c>NodeStatusUnknown</c>, <c>Kubelet stopped posting node status.</c>), taints the node unreachable, marks
/// its pods not ready and, five minutes later, marks them for deletion; the ReplicaSets replace theirs elsewhere,
/// while StatefulSet pods stay stuck terminating.
/// </summary>
internal static class NodeNotReadyFault
{
    private static readonly TimeSpan TolerationSeconds = TimeSpan.FromSeconds(300);

    public static InjectedFault Inject(FaultContext c)
    {
        var node = PickNode(c);
        var nodeName = K8sJson.Name(node);
        var lost = c.Since;
        foreach (var condition in ((JsonArray)node["status"]!["conditions"]!).OfType<JsonObject>())
        {
            condition["status"] = "Unknown";
            condition["lastHeartbeatTime"] = K8sJson.Time(lost.AddSeconds(-40));
            condition["lastTransitionTime"] = K8sJson.Time(lost);
            condition["reason"] = "NodeStatusUnknown";
            condition["message"] = "Kubelet stopped posting node status.";
        }

        var taints = K8sJson.Array((JsonObject)node["spec"]!, "taints");
        taints.Add(new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["effect"] = "NoSchedule", ["timeAdded"] = K8sJson.Time(lost) });
        taints.Add(new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["effect"] = "NoExecute", ["timeAdded"] = K8sJson.Time(lost.AddSeconds(5)) });
        K8sJson.Metadata(node)["resourceVersion"] = c.B.NextResourceVersion();
        Events.Add(c.B, node, "Normal", "NodeNotReady", $"Node {nodeName} status is now: NodeNotReady", EventSource.NodeController, lost);

        var pods = c.B.Objects(ResourceKinds.Pod).Where(p => K8sJson.Text(p, "spec", "nodeName") == nodeName && !Pods.IsTerminal(p)).ToList();
        var controllers = WorkloadStatus.Controllers(c.B);
        foreach (var pod in pods)
        {
            var wasReady = Pods.IsReady(pod);
            MarkLost(c, pod, lost);
            if (TolerationSeconds < c.Now - lost && !ToleratesUnreachable(pod))
            {
                Evict(c, pod, wasReady ? WorkloadStatus.OwnerIn(controllers, pod) : null, lost + TolerationSeconds);
            }
        }

        WorkloadStatus.RecountOwnersOf(c.B, pods, lost);

        var services = c.B.Objects(ResourceKinds.Service)
            .Where(s => pods.Any(p => K8sJson.Namespace(p) == K8sJson.Namespace(s) && Networking.Selects(s["spec"]?["selector"] as JsonObject, p)))
            .ToList();
        foreach (var service in services)
        {
            Networking.RefreshEndpoints(c.B, service, lost + TolerationSeconds);
        }

        c.Note($"Node {nodeName}: Ready=Unknown NodeStatusUnknown 'Kubelet stopped posting node status.'");
        c.Note($"Node {nodeName}: taints node.kubernetes.io/unreachable NoSchedule and NoExecute");
        c.Note($"{pods.Count} pods on {nodeName} not ready; those without an unreachable toleration marked for deletion");
        return c.Done(FaultContext.Ref(node), FaultContext.Ref(node), MixinAlerts.NodeNotReady(c.B, node));
    }

    /// <summary>The busiest schedulable node, so that the fault has pods to strand.</summary>
    private static JsonObject PickNode(FaultContext c)
    {
        var counts = c.B.Objects(ResourceKinds.Pod).GroupBy(p => K8sJson.Text(p, "spec", "nodeName") ?? "").ToDictionary(g => g.Key, g => g.Count());
        return c.B.SchedulableNodes().OrderByDescending(n => counts.GetValueOrDefault(K8sJson.Name(n))).ThenBy(K8sJson.Name, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("node-not-ready needs a Ready node to take down.");
    }

    private static void MarkLost(FaultContext c, JsonObject pod, DateTimeOffset lost)
    {
        foreach (var condition in (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (K8sJson.Text(condition, "type") == "Ready")
            {
                condition["status"] = "False";
                condition["lastTransitionTime"] = K8sJson.Time(lost.AddSeconds(2));
            }
        }

        K8sJson.Metadata(pod)["resourceVersion"] = c.B.NextResourceVersion();
        Events.Add(c.B, pod, "Warning", "NodeNotReady", "Node is not ready", EventSource.NodeController, lost.AddSeconds(2));
    }

    /// <summary>
    /// The taint eviction controller deletes the pod; the kubelet never confirms, so it stays Terminating with reason
    /// NodeLost (kubectl shows Unknown). A ReplicaSet
    /// (<paramref name="owner"/>) starts a healthy replacement; for a pod that was already failing no owner is passed,
    /// since a replacement would fail the same way and that failure belongs to another fault.
    /// </summary>
    private static void Evict(FaultContext c, JsonObject pod, JsonObject? owner, DateTimeOffset at)
    {
        var metadata = K8sJson.Metadata(pod);
        metadata["deletionTimestamp"] = K8sJson.Time(at.AddSeconds(30));
        metadata["deletionGracePeriodSeconds"] = 30;
        var status = (JsonObject)pod["status"]!;
        status["message"] = $"Node {K8sJson.Text(pod, "spec", "nodeName")} which was running pod {K8sJson.Name(pod)} is unresponsive";
        status["reason"] = "NodeLost";
        Events.Add(c.B, pod, "Normal", "TaintManagerEviction", $"Marking for deletion Pod {K8sJson.Namespace(pod)}/{K8sJson.Name(pod)}",
            EventSource.TaintEvictionController, at);
        if (owner is not null && K8sJson.Kind(owner) == ResourceKinds.ReplicaSet.Kind && c.B.SchedulableNodes().Count > 0)
        {
            // The ReplicaSet does not count a terminating pod and starts a replacement on a node that works.
            var rsName = K8sJson.Name(owner);
            var replacement = c.B.Add(Pods.Create(c.B, K8sJson.Namespace(pod), c.B.FreeName(ResourceKinds.Pod, K8sJson.Namespace(pod), $"{rsName}-{c.B.Suffix(5)}"),
                (JsonObject)owner["spec"]!["template"]!, owner, c.B.PickNode(), at.AddSeconds(1), generateName: rsName + "-"));
            Events.Add(c.B, owner, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(replacement)}", EventSource.ReplicaSetController, at.AddSeconds(1));
            Events.PodStarted(c.B, replacement, at.AddSeconds(1));
            foreach (var container in Pods.Containers(replacement, "containers"))
            {
                var name = K8sJson.Text(container, "name")!;
                c.B.Log(replacement, name, [AppLogs.Line(at.AddSeconds(4), "INFO", $"starting {name}"), AppLogs.Line(at.AddSeconds(5), "INFO", "ready")]);
            }
        }
    }

    private static bool ToleratesUnreachable(JsonObject pod) =>
        (pod["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>().Any(t =>
            (K8sJson.Text(t, "operator") == "Exists" && t["key"] is null) ||
            (K8sJson.Text(t, "key") == "node.kubernetes.io/unreachable" && t["tolerationSeconds"] is null));
}
