using System.Text.Json;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>Turns objects of one kind into Table rows, as the API server's printers for <c>kubectl get</c> do.</summary>
internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>One cell per column: strings or integers.</summary>
    IReadOnlyList<object> Cells(JsonElement obj, DateTimeOffset now);
}
