using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// An object as YAML for a diff, without what the server manages (managedFields, resourceVersion, generation, uid,
/// creationTimestamp, status) and with keys in the order the object has them.
/// </summary>
internal static class YamlView
{
    private static readonly string[] MetadataNoise = ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"];

    public static string Render(JsonObject? obj)
    {
        if (obj is null)
            return "";
        var copy = Clean(obj);
        var stream = new YamlStream(new YamlDocument(ToYaml(copy)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        // YamlStream ends a document with "...": not part of the object.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>A copy without the server-managed fields.</summary>
    public static JsonObject Clean(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in MetadataNoise)
                metadata.Remove(field);
        }
        return copy;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Text(value.GetValue<string>()),
        JsonValue value => new YamlScalarNode(value.ToJsonString()),
        _ => new YamlScalarNode("null"),
    };

    /// <summary>A string, quoted when plain YAML would read it as something else (a number, a boolean, null, empty).</summary>
    private static YamlScalarNode Text(string text)
    {
        var ambiguous = text.Length == 0 || text is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return ambiguous ? new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted } : new YamlScalarNode(text);
    }
}
