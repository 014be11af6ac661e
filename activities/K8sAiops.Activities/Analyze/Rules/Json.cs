using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>Reads fields of Kubernetes JSON by path without caring whether a value is a string or a number.</summary>
internal static class Json
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject obj ? obj[key] : null;
            if (node is null)
                return null;
        }
        return node;
    }

    public static string? Str(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    public static long? Long(JsonNode? node, params string[] path) =>
        long.TryParse(Str(node, path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        DateTimeOffset.TryParse(Str(node, path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static IEnumerable<JsonObject> Array(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>The condition of <paramref name="type"/> in <c>status.conditions</c>, or null.</summary>
    public static JsonObject? Condition(JsonNode? obj, string type) =>
        Array(obj, "status", "conditions").FirstOrDefault(c => Str(c, "type") == type);

    public static bool Contains(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;
}
