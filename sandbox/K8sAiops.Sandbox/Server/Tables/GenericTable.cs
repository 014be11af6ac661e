using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>NAME and AGE, for kinds without a printer of their own.</summary>
internal sealed class GenericTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.NameColumn, TableColumn.AgeColumn];

    public IReadOnlyList<object> Cells(JsonElement obj, DateTimeOffset now) =>
        [obj.StringAt("metadata", "name") ?? "", HumanDuration.Since(obj.TimeAt("metadata", "creationTimestamp"), now)];
}
