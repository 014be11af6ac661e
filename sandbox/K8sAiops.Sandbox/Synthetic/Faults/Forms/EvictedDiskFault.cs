using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// node-pressure, form <c>evicted-disk</c>: a media transcoder writes its scratch files to an emptyDir without an
/// ephemeral-storage limit and fills a node's disk. The kubelet goes under DiskPressure and evicts the pods using the most
/// storage over their request (<c>The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available:
/// 9Mi.</c>); the ReplicaSet replaces them, the replacements land on the node again and are evicted in turn, and the
/// Failed pods pile up. Twelve minutes ago the kubelet reclaimed enough: DiskPressure is False again and its taint gone,
/// so only the evicted pods and the node's events tell. Alert: KubePodNotReady on the latest evicted pod.
/// </summary>
internal static class EvictedDiskFault
{
    private static readonly TimeSpan ClearedAgo = TimeSpan.FromMinutes(12);

    public static InjectedFault Inject(FaultContext c)
    {
        var node = c.B.SchedulableNodes().LastOrDefault()
            ?? throw new InvalidOperationException("node-pressure needs a Ready, untainted node to put under pressure.");
        var nodeName = K8sJson.Name(node);
        var plan = c.App("media-transcoder", replicas: 2, secret: false);
        plan.MainContainer["resources"] = PodTemplates.Resources("500m", "1Gi", "2", "2Gi");
        K8sJson.Array(plan.MainContainer, "volumeMounts").Add(new JsonObject { ["name"] = "scratch", ["mountPath"] = "/scratch" });
        K8sJson.Array((JsonObject)plan.Template["spec"]!, "volumes").Add(new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() });
        var parts = Apps.Deploy(c.B, plan);

        var pressured = c.Since;
        var cleared = c.Now - ClearedAgo;
        var condition = Nodes.Condition(node, "DiskPressure")!;
        condition["status"] = "False";
        condition["reason"] = "KubeletHasNoDiskPressure";
        condition["message"] = "kubelet has no disk pressure";
        condition["lastTransitionTime"] = K8sJson.Time(cleared);
        K8sJson.Metadata(node)["resourceVersion"] = c.B.NextResourceVersion();
        var kubelet = EventSource.Kubelet(nodeName);
        Events.Add(c.B, node, "Normal", "NodeHasDiskPressure", $"Node {nodeName} status is now: NodeHasDiskPressure", kubelet, pressured);
        Events.Add(c.B, node, "Warning", "EvictionThresholdMet", "Attempting to reclaim ephemeral-storage", kubelet, pressured, cleared.AddMinutes(-1), 7);
        Events.Add(c.B, node, "Normal", "NodeHasNoDiskPressure", $"Node {nodeName} status is now: NodeHasNoDiskPressure", kubelet, cleared);

        var evicted = new List<JsonObject>();
        var rsName = K8sJson.Name(parts.ReplicaSet);
        var template = (JsonObject)parts.ReplicaSet["spec"]!["template"]!;
        var usage = new[] { "41Gi", "38Gi", "27Gi", "19Gi" };
        var available = new[] { "9Mi", "212Mi", "1460Mi", "3Gi" };
        for (var i = 0; i < usage.Length; i++)
        {
            var at = pressured.AddMinutes(2 + (6 * i));
            var created = i == 0 ? at.AddDays(-1) : pressured.AddMinutes(6 * i) - TimeSpan.FromMinutes(3);
            var pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", template, parts.ReplicaSet, node, created, generateName: rsName + "-"));
            var message = $"The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: {available[i]}. " +
                $"Container {plan.Name} was using {usage[i]}, request is 0, has larger consumption of ephemeral-storage. ";
            NodePressureFault.Evict(c, pod, plan.Name, message, at);
            evicted.Add(pod);
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, cleared);
        var target = evicted[^1];
        c.Note($"Node {nodeName}: DiskPressure False since {K8sJson.Time(cleared)} (True from {K8sJson.Time(pressured)}), events EvictionThresholdMet 'Attempting to reclaim ephemeral-storage'");
        c.Note($"{evicted.Count.ToString(CultureInfo.InvariantCulture)} pods of {c.Namespace}/{plan.Name} on {nodeName}: phase Failed, reason Evicted: The node was low on resource: ephemeral-storage.");
        return c.Done(FaultContext.Ref(node), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }
}
