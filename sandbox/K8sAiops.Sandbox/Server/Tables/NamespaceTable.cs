using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

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
