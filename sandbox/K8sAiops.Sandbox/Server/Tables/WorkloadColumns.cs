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
