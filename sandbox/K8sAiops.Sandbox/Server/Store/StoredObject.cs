using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// One object as stored at one revision: immutable JSON (a <see cref="JsonElement"/>, safe to read from any thread)
/// and the few things every request needs without parsing it again.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(ResourceKind kind, ObjectKey key, long resourceVersion, JsonElement json, IReadOnlyDictionary<string, string> labels)
    {
        Kind = kind;
        Key = key;
        ResourceVersion = resourceVersion;
        Json = json;
        Labels = labels;
    }

    public ResourceKind Kind { get; }

    public ObjectKey Key { get; }

    public string Namespace => Key.Namespace;

    public string Name => Key.Name;

    public long ResourceVersion { get; }

    /// <summary>The object, with <c>metadata.resourceVersion</c> set.</summary>
    public JsonElement Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public string? Uid => Json.StringAt("metadata", "uid");

    /// <summary>Freezes <paramref name="obj"/> (already carrying its resourceVersion) for storage.</summary>
    public static StoredObject Create(ResourceKind kind, JsonObject obj)
    {
        var element = JsonSerializer.SerializeToElement(obj);
        var name = element.StringAt("metadata", "name") ?? "";
        var ns = kind.Namespaced ? element.StringAt("metadata", "namespace") ?? "" : "";
        var rv = long.TryParse(element.StringAt("metadata", "resourceVersion"), out var parsed) ? parsed : 0;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.At("metadata", "labels") is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var label in map.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
        }

        return new StoredObject(kind, new ObjectKey(ns, name), rv, element, labels);
    }

    /// <summary>A mutable copy of the object.</summary>
    public JsonObject ToNode() => JsonNode.Parse(Json.GetRawText())!.AsObject();
}
