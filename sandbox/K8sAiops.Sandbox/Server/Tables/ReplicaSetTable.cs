using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary><c>kubectl get replicasets</c>: NAME DESIRED CURRENT READY AGE.</summary>
internal sealed class ReplicaSetTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Desired", "integer", "Replicas is the number of desired replicas."),
        new("Current", "integer", "Replicas is the most recently observed number of replicas."),
        new("Ready", "integer", "The number of ready replicas for this replica set."),
        TableColumn.AgeColumn, WorkloadColumns.Containers, WorkloadColumns.Images, WorkloadColumns.Selector,
    ];

    public IReadOnlyList<object> Cells(JsonElement rs, DateTimeOffset now) =>
    [
        WorkloadColumns.Name(rs),
        rs.IntegerAt("spec", "replicas") ?? 1,
        rs.IntegerAt("status", "replicas") ?? 0,
        rs.IntegerAt("status", "readyReplicas") ?? 0,
        WorkloadColumns.Age(rs, now), WorkloadColumns.ContainerNames(rs), WorkloadColumns.ImageNames(rs), WorkloadColumns.SelectorText(rs),
    ];
}
