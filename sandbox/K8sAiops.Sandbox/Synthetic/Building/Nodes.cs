using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Worker nodes as a managed cluster's kubelets report them.</summary>
internal static class Nodes
{
    public const string KubeletVersion = "v1.29.4";
    private static readonly string[] Zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

    public static string Name(int index) => $"worker-{index}";

    public static string InternalIp(JsonObject node) =>
        (node["status"]?["addresses"] as JsonArray)?.FirstOrDefault(a => K8sJson.Text(a, "type") == "InternalIP") is { } address
            ? K8sJson.Text(address, "address") ?? ""
            : "";

    /// <summary>A healthy node: four Ready-style conditions, capacity and allocatable, addresses, nodeInfo, topology labels, no taints.</summary>
    public static JsonObject Create(ClusterBuilder b, int index, int maxPods)
    {
        var name = Name(index);
        var zone = Zones[(index - 1) % Zones.Length];
        var created = b.Now.AddDays(-30).AddMinutes(-7 * index);
        var ready = created.AddSeconds(70);
        var heartbeat = b.Now.AddSeconds(-b.Random.Next(5, 40));
        var instanceId = "i-0" + ClusterBuilder.Digest($"{name}|instance")[..16];
        var labels = K8sJson.Labels(
            ("beta.kubernetes.io/arch", "amd64"), ("beta.kubernetes.io/instance-type", "m5.xlarge"), ("beta.kubernetes.io/os", "linux"),
            ("failure-domain.beta.kubernetes.io/region", "eu-west-1"), ("failure-domain.beta.kubernetes.io/zone", zone),
            ("kubernetes.io/arch", "amd64"), ("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux"),
            ("node.kubernetes.io/instance-type", "m5.xlarge"),
            ("topology.kubernetes.io/region", "eu-west-1"), ("topology.kubernetes.io/zone", zone));
        var annotations = K8sJson.Labels(
            ("node.alpha.kubernetes.io/ttl", "0"), ("volumes.kubernetes.io/controller-managed-attach-detach", "true"));
        var podCidr = $"10.244.{index}.0/24";
        var node = K8sJson.Object(ResourceKinds.Node, b.Metadata(ResourceKinds.Node, null, name, created, labels, annotations));
        node["spec"] = new JsonObject
        {
            ["podCIDR"] = podCidr,
            ["podCIDRs"] = new JsonArray(podCidr),
            ["providerID"] = $"aws:///{zone}/{instanceId}",
        };
        var pods = maxPods.ToString(CultureInfo.InvariantCulture);
        node["status"] = new JsonObject
        {
            ["capacity"] = Resources("4", "104845292Ki", "16202948Ki", pods),
            ["allocatable"] = Resources("3920m", "95491281146", "15110404Ki", pods),
            ["conditions"] = new JsonArray(
                HealthyCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", heartbeat, ready),
                HealthyCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", heartbeat, ready),
                HealthyCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", heartbeat, ready),
                HealthyCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", heartbeat, ready.AddSeconds(20))),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.0.{index / 250}.{10 + (index % 250)}" },
                new JsonObject { ["type"] = "InternalDNS", ["address"] = $"{name}.eu-west-1.compute.internal" },
                new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = ClusterBuilder.Digest($"{name}|machine")[..32],
                ["systemUUID"] = ClusterBuilder.Digest($"{name}|system")[..32],
                ["bootID"] = b.Uid("boot", null, name),
                ["kernelVersion"] = "6.1.84-99.169.amzn2023.x86_64",
                ["osImage"] = "Amazon Linux 2023",
                ["containerRuntimeVersion"] = "containerd://1.7.11",
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = KubeletVersion,
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
        return node;
    }

    /// <summary>Ready, not cordoned, and without a NoSchedule or NoExecute taint.</summary>
    public static bool IsSchedulable(JsonObject node)
    {
        if (node["spec"]?["unschedulable"] is JsonValue v && v.TryGetValue<bool>(out var cordoned) && cordoned)
        {
            return false;
        }

        if ((node["spec"]?["taints"] as JsonArray)?.Any(t => K8sJson.Text(t, "effect") is "NoSchedule" or "NoExecute") == true)
        {
            return false;
        }

        return Condition(node, "Ready") is { } ready && K8sJson.Text(ready, "status") == "True";
    }

    public static JsonObject? Condition(JsonObject node, string type) =>
        (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => K8sJson.Text(c, "type") == type);

    private static JsonObject Resources(string cpu, string ephemeral, string memory, string pods) => new()
    {
        ["cpu"] = cpu,
        ["ephemeral-storage"] = ephemeral,
        ["hugepages-1Gi"] = "0",
        ["hugepages-2Mi"] = "0",
        ["memory"] = memory,
        ["pods"] = pods,
    };

    private static JsonObject HealthyCondition(string type, string status, string reason, string message, DateTimeOffset heartbeat, DateTimeOffset transition) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = K8sJson.Time(heartbeat),
        ["lastTransitionTime"] = K8sJson.Time(transition),
        ["reason"] = reason,
        ["message"] = message,
    };
}
