using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>Small helpers for reading and writing Kubernetes objects held as <see cref="JsonNode"/> or <see cref="JsonElement"/>.</summary>
internal static class Json
{
    /// <summary>The element at <paramref name="path"/> (property names), or null when any step is missing.</summary>
    public static JsonElement? At(this JsonElement element, params ReadOnlySpan<string> path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The string at <paramref name="path"/>, or null when missing or not a string.</summary>
    public static string? StringAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The integer at <paramref name="path"/>, or null.</summary>
    public static long? IntegerAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : null;

    /// <summary>The array items at <paramref name="path"/>; empty when missing.</summary>
    public static IEnumerable<JsonElement> ItemsAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>The scalar at <paramref name="path"/> as text (strings as-is, numbers and booleans in JSON form), or null.</summary>
    public static string? ScalarAt(this JsonElement element, params ReadOnlySpan<string> path) => element.At(path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>The timestamp at <paramref name="path"/> (RFC 3339), or null.</summary>
    public static DateTimeOffset? TimeAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.StringAt(path) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>The object at <paramref name="name"/> under <paramref name="parent"/>, created when missing or not an object.</summary>
    public static JsonObject Child(this JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary><c>metadata</c>, created when missing.</summary>
    public static JsonObject Metadata(this JsonObject obj) => obj.Child("metadata");

    /// <summary>The string at <paramref name="path"/> under a node, or null.</summary>
    public static string? StringAt(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = node;
        foreach (var name in path)
        {
            current = current is JsonObject o ? o[name] : null;
        }

        return current is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>The integer at <paramref name="path"/> under a node, or null.</summary>
    public static long? IntegerAt(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        var current = node;
        foreach (var name in path)
        {
            current = current is JsonObject o ? o[name] : null;
        }

        return current is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(
            value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>RFC 3339 in UTC with whole seconds, as Kubernetes writes <c>metav1.Time</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC with microseconds, as Kubernetes writes <c>metav1.MicroTime</c>.</summary>
    public static string FormatMicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a whole request body as a JSON object, or answers 400 like the API server's decoder.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject
                ?? throw Errors.ApiErrors.BadRequest("Object 'Kind' is missing in 'null'");
        }
        catch (JsonException e)
        {
            throw Errors.ApiErrors.BadRequest("the request body is not valid JSON: " + e.Message);
        }
    }
}
