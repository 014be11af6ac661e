using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

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
