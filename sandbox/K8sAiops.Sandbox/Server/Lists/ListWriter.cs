using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Lists;

/// <summary>Writes a list (<c>PodList</c>, <c>DeploymentList</c>, …) with its <c>metadata</c>.</summary>
internal static class ListWriter
{
    public static void Write(Utf8JsonWriter json, ResourceKind kind, ListPage page)
    {
        json.WriteStartObject();
        json.WriteString("kind", kind.ListKind);
        json.WriteString("apiVersion", kind.ApiVersion);
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", page.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        WriteContinue(json, page);
        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var item in page.Items)
        {
            item.Json.WriteTo(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary><c>continue</c> and <c>remainingItemCount</c>, when the page is not the last.</summary>
    public static void WriteContinue(Utf8JsonWriter json, ListPage page)
    {
        if (page.Continue is { } token)
        {
            json.WriteString("continue", token);
        }

        if (page.RemainingItemCount is { } remaining)
        {
            json.WriteNumber("remainingItemCount", remaining);
        }
    }
}
