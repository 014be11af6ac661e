using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Lists;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>Writes a <c>Table</c> (meta.k8s.io) of objects: column definitions, then one row of cells (and the embedded object) per object.</summary>
internal static class TableWriter
{
    /// <summary>Writes the Table; <paramref name="includeColumns"/> false leaves the column definitions out (watch events after the first).</summary>
    public static void Write(Utf8JsonWriter json, ResourceKind kind, TableRequest request, IEnumerable<StoredObject> objects, ListPage? page, DateTimeOffset now, bool includeColumns = true)
    {
        var printer = TablePrinters.For(kind);
        json.WriteStartObject();
        json.WriteString("kind", "Table");
        json.WriteString("apiVersion", "meta.k8s.io/" + request.Version);
        json.WriteStartObject("metadata");
        if (page is not null)
        {
            json.WriteString("resourceVersion", page.ResourceVersion.ToString(CultureInfo.InvariantCulture));
            ListWriter.WriteContinue(json, page);
        }

        json.WriteEndObject();
        json.WriteStartArray("columnDefinitions");
        foreach (var column in includeColumns ? printer.Columns : [])
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            json.WriteString("type", column.Type);
            json.WriteString("format", column.Format);
            json.WriteString("description", column.Description);
            json.WriteNumber("priority", column.Priority);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var obj in objects)
        {
            json.WriteStartObject();
            json.WriteStartArray("cells");
            foreach (var cell in printer.Cells(obj.Json, now))
            {
                switch (cell)
                {
                    case long n:
                        json.WriteNumberValue(n);
                        break;
                    case int n:
                        json.WriteNumberValue(n);
                        break;
                    default:
                        json.WriteStringValue(cell.ToString());
                        break;
                }
            }

            json.WriteEndArray();
            WriteEmbedded(json, request, obj);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEmbedded(Utf8JsonWriter json, TableRequest request, StoredObject obj)
    {
        switch (request.Include)
        {
            case IncludeObject.Object:
                json.WritePropertyName("object");
                obj.Json.WriteTo(json);
                break;
            case IncludeObject.Metadata:
                json.WriteStartObject("object");
                json.WriteString("kind", "PartialObjectMetadata");
                json.WriteString("apiVersion", "meta.k8s.io/" + request.Version);
                json.WritePropertyName("metadata");
                (obj.Json.At("metadata") ?? default).WriteTo(json);
                json.WriteEndObject();
                break;
        }
    }
}
