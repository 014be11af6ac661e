using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>Columns shared by the workload printers: containers, images and selector (all wide).</summary>
internal static class WorkloadColumns
{
    public static TableColumn Containers { get; } = new("Containers", "string", "Names of each container in the template.", 1);

    public static TableColumn Images { get; } = new("Images", "string", "Images referenced by each container in the template.", 1);

    public static TableColumn Selector { get; } = new("Selector", "string", "Label selector for pods.", 1);

    public static string ContainerNames(JsonElement workload) =>
        string.Join(",", workload.ItemsAt("spec", "template", "spec", "containers").Select(c => c.StringAt("name")));

    public static string ImageNames(JsonElement workload) =>
        string.Join(",", workload.ItemsAt("spec", "template", "spec", "containers").Select(c => c.StringAt("image")));

    public static string SelectorText(JsonElement workload) => Selectors.SelectorText.Format(workload.At("spec", "selector")) is { Length: > 0 } s ? s : "<none>";

    public static string Age(JsonElement obj, DateTimeOffset now) => HumanDuration.Since(obj.TimeAt("metadata", "creationTimestamp"), now);

    public static string Name(JsonElement obj) => obj.StringAt("metadata", "name") ?? "";

    public static string Ratio(long a, long b) => string.Create(CultureInfo.InvariantCulture, $"{a}/{b}");
}

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
