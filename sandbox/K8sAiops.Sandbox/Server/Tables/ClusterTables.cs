using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary><c>kubectl get nodes</c>: NAME STATUS ROLES AGE VERSION (wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME).</summary>
internal sealed class NodeTable : ITablePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        TableColumn.AgeColumn,
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
        new("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    public IReadOnlyList<object> Cells(JsonElement node, DateTimeOffset now)
    {
        var ready = node.ItemsAt("status", "conditions").FirstOrDefault(c => c.StringAt("type") == "Ready");
        var status = ready.ValueKind != JsonValueKind.Object ? "Unknown"
            : ready.StringAt("status") switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        if (node.At("spec", "unschedulable") is { ValueKind: JsonValueKind.True })
        {
            status += ",SchedulingDisabled";
        }

        var roles = node.At("metadata", "labels") is { ValueKind: JsonValueKind.Object } labels
            ? labels.EnumerateObject().Where(l => l.Name.StartsWith(RolePrefix, StringComparison.Ordinal) && l.Name.Length > RolePrefix.Length)
                .Select(l => l.Name[RolePrefix.Length..]).Order(StringComparer.Ordinal).ToList()
            : [];
        return
        [
            node.StringAt("metadata", "name") ?? "",
            status,
            roles.Count == 0 ? "<none>" : string.Join(",", roles),
            HumanDuration.Since(node.TimeAt("metadata", "creationTimestamp"), now),
            node.StringAt("status", "nodeInfo", "kubeletVersion") ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            node.StringAt("status", "nodeInfo", "osImage") ?? "<unknown>",
            node.StringAt("status", "nodeInfo", "kernelVersion") ?? "<unknown>",
            node.StringAt("status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>",
        ];
    }

    private static string Address(JsonElement node, string type) =>
        node.ItemsAt("status", "addresses").Where(a => a.StringAt("type") == type).Select(a => a.StringAt("address")).FirstOrDefault() ?? "<none>";
}

/// <summary><c>kubectl get namespaces</c>: NAME STATUS AGE.</summary>
internal sealed class NamespaceTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Status", "string", "The status of the namespace"),
        TableColumn.AgeColumn,
    ];

    public IReadOnlyList<object> Cells(JsonElement ns, DateTimeOffset now) =>
    [
        ns.StringAt("metadata", "name") ?? "",
        ns.StringAt("status", "phase") ?? "",
        HumanDuration.Since(ns.TimeAt("metadata", "creationTimestamp"), now),
    ];
}

/// <summary><c>kubectl get services</c>: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (wide: SELECTOR).</summary>
internal sealed class ServiceTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Type", "string", "type determines how the Service is exposed."),
        new("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
        new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        new("Port(s)", "string", "The list of ports that are exposed by this service."),
        TableColumn.AgeColumn,
        new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ];

    public IReadOnlyList<object> Cells(JsonElement svc, DateTimeOffset now)
    {
        var type = svc.StringAt("spec", "type") ?? "ClusterIP";
        var external = svc.ItemsAt("status", "loadBalancer", "ingress").Select(i => i.StringAt("ip") ?? i.StringAt("hostname"))
            .Concat(svc.ItemsAt("spec", "externalIPs").Select(i => i.GetString())).Where(i => !string.IsNullOrEmpty(i)).ToList();
        var externalText = external.Count > 0 ? string.Join(",", external)
            : type == "LoadBalancer" ? "<pending>"
            : type == "ExternalName" ? svc.StringAt("spec", "externalName") ?? "<none>"
            : "<none>";
        var ports = svc.ItemsAt("spec", "ports").Select(p =>
        {
            var port = (p.IntegerAt("port") ?? 0).ToString(CultureInfo.InvariantCulture);
            if (p.IntegerAt("nodePort") is { } nodePort && nodePort != 0)
            {
                port += ":" + nodePort.ToString(CultureInfo.InvariantCulture);
            }

            return port + "/" + (p.StringAt("protocol") ?? "TCP");
        }).ToList();
        var selector = svc.At("spec", "selector") is { ValueKind: JsonValueKind.Object } map
            ? string.Join(",", map.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value.GetString()))
            : "";
        return
        [
            svc.StringAt("metadata", "name") ?? "",
            type,
            svc.StringAt("spec", "clusterIP") is { Length: > 0 } ip ? ip : "<none>",
            externalText,
            ports.Count == 0 ? "<none>" : string.Join(",", ports),
            HumanDuration.Since(svc.TimeAt("metadata", "creationTimestamp"), now),
            selector.Length == 0 ? "<none>" : selector,
        ];
    }
}
