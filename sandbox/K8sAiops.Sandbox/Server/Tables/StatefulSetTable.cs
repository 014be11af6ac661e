using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary><c>kubectl get statefulsets</c>: NAME READY AGE.</summary>
internal sealed class StatefulSetTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Ready", "string", "Number of the pod with ready state"),
        TableColumn.AgeColumn, WorkloadColumns.Containers, WorkloadColumns.Images,
    ];

    public IReadOnlyList<object> Cells(JsonElement sts, DateTimeOffset now) =>
    [
        WorkloadColumns.Name(sts),
        WorkloadColumns.Ratio(sts.IntegerAt("status", "readyReplicas") ?? 0, sts.IntegerAt("spec", "replicas") ?? 1),
        WorkloadColumns.Age(sts, now), WorkloadColumns.ContainerNames(sts), WorkloadColumns.ImageNames(sts),
    ];
}
