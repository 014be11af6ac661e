using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary><c>kubectl get deployments</c>: NAME READY UP-TO-DATE AVAILABLE AGE.</summary>
internal sealed class DeploymentTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "integer", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "integer", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumn.AgeColumn, WorkloadColumns.Containers, WorkloadColumns.Images, WorkloadColumns.Selector,
    ];

    public IReadOnlyList<object> Cells(JsonElement d, DateTimeOffset now) =>
    [
        WorkloadColumns.Name(d),
        WorkloadColumns.Ratio(d.IntegerAt("status", "readyReplicas") ?? 0, d.IntegerAt("spec", "replicas") ?? 1),
        d.IntegerAt("status", "updatedReplicas") ?? 0,
        d.IntegerAt("status", "availableReplicas") ?? 0,
        WorkloadColumns.Age(d, now), WorkloadColumns.ContainerNames(d), WorkloadColumns.ImageNames(d), WorkloadColumns.SelectorText(d),
    ];
}
