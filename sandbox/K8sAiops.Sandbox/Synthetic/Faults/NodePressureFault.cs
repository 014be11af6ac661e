using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// node-pressure: a node runs low on memory (MemoryPressure=True, memory-pressure taint) and the kubelet evicts the
/// pods using most above their requests: phase Failed, reason Evicted, <c>The node was low on resource: memory.</c>
/// Their ReplicaSet has replaced them on other nodes; the evicted pods remain.
/// </summary>
internal static class NodePressureFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var node = c.B.SchedulableNodes().LastOrDefault()
            ?? throw new InvalidOperationException("node-pressure needs a Ready, untainted node to put under pressure.");
        var nodeName = K8sJson.Name(node);
        var plan = c.App("session-cache", replicas: 2, secret: false);
        plan.MainContainer["resources"] = PodTemplates.Resources("100m", "256Mi", "1", "4Gi");
        var parts = Apps.Deploy(c.B, plan);

        var pressured = c.Since;
        var condition = Nodes.Condition(node, "MemoryPressure")!;
        condition["status"] = "True";
        condition["reason"] = "KubeletHasInsufficientMemory";
        condition["message"] = "kubelet has insufficient memory available";
        condition["lastTransitionTime"] = K8sJson.Time(pressured);
        K8sJson.Array((JsonObject)node["spec"]!, "taints").Add(new JsonObject
        {
            ["key"] = "node.kubernetes.io/memory-pressure",
            ["effect"] = "NoSchedule",
            ["timeAdded"] = K8sJson.Time(pressured),
        });
        K8sJson.Metadata(node)["resourceVersion"] = c.B.NextResourceVersion();
        Events.Add(c.B, node, "Normal", "NodeHasInsufficientMemory", $"Node {nodeName} status is now: NodeHasInsufficientMemory", EventSource.Kubelet(nodeName), pressured);
        Events.Add(c.B, node, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", EventSource.Kubelet(nodeName), pressured, c.Now.AddMinutes(-6), 4);

        var evicted = new List<JsonObject>();
        var rsName = K8sJson.Name(parts.ReplicaSet);
        var template = (JsonObject)parts.ReplicaSet["spec"]!["template"]!;
        var usage = new[] { 2874312, 2419876 };
        for (var i = 0; i < 2; i++)
        {
            var at = pressured.AddMinutes(1 + (3 * i));
            var pod = c.B.Add(Pods.Create(c.B, c.Namespace, $"{rsName}-{c.B.Suffix(5)}", template, parts.ReplicaSet, node, at.AddDays(-2), generateName: rsName + "-"));
            var message = $"The node was low on resource: memory. Threshold quantity: 100Mi, available: {(87340 - (i * 5210)).ToString(CultureInfo.InvariantCulture)}Ki. " +
                $"Container {plan.Name} was using {usage[i].ToString(CultureInfo.InvariantCulture)}Ki, request is 256Mi, has larger consumption of memory. ";
            Evict(c, pod, plan.Name, message, at);
            evicted.Add(pod);
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, pressured.AddMinutes(4));
        var target = evicted[0];
        c.Note($"Node {nodeName}: MemoryPressure=True, taint node.kubernetes.io/memory-pressure:NoSchedule");
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: phase Failed, reason Evicted: The node was low on resource: memory.");
        c.Note($"Event EvictionThresholdMet on {nodeName}: Attempting to reclaim memory");
        return c.Done(FaultContext.Ref(node), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }

    /// <summary>An evicted pod as the kubelet leaves it: phase Failed, reason Evicted, a DisruptionTarget condition, the Evicted and Killing events.</summary>
    internal static void Evict(FaultContext c, JsonObject pod, string container, string message, DateTimeOffset at)
    {
        var status = (JsonObject)pod["status"]!;
        var spec = Pods.Container(pod, container);
        var started = FaultKit.Created(pod).AddSeconds(3);
        status["phase"] = "Failed";
        var conditions = Pods.Conditions(FaultKit.Created(pod), initialized: true, ready: false, readyAt: at, notReadyReason: "PodFailed");
        conditions.Insert(0, new JsonObject
        {
            ["type"] = "DisruptionTarget",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = K8sJson.Time(at),
            ["reason"] = "TerminationByKubelet",
            ["message"] = message,
        });
        conditions[1]!["status"] = "False";
        status["conditions"] = conditions;
        status.Insert(1, "message", message);
        status.Insert(2, "reason", "Evicted");
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, spec,
            Pods.Terminated(pod, spec, 137, "ContainerStatusUnknown", started, at, 0, "The container could not be located when the pod was terminated"),
            null, ready: false, restarts: 0, started: false));
        var kubelet = EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!);
        Events.Add(c.B, pod, "Warning", "Evicted", message, kubelet, at);
        Events.Add(c.B, pod, "Normal", "Killing", $"Stopping container {container}", kubelet, at, fieldPath: Events.ContainerPath(container));
    }
}
