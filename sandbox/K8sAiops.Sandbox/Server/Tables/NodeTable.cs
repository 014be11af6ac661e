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
