using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Small helpers for writing Kubernetes objects as JSON the way the API server returns them.</summary>
internal static class K8sJson
{
    /// <summary>An RFC 3339 timestamp in UTC with whole seconds, as metav1.Time serialises.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A timestamp with milliseconds, as applications write in their logs.</summary>
    public static string LogTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Labels(params (string Key, string Value)[] labels)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in labels)
        {
            obj[key] = value;
        }

        return obj;
    }

    public static JsonObject Object(ResourceKind kind, JsonObject metadata) =>
        new() { ["apiVersion"] = kind.ApiVersion, ["kind"] = kind.Kind, ["metadata"] = metadata };

    /// <summary>An ownerReference to <paramref name="owner"/> as the controllers set it.</summary>
    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = Text(owner, "apiVersion"),
        ["kind"] = Text(owner, "kind"),
        ["name"] = Name(owner),
        ["uid"] = Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>An object condition (Deployment, Job, HPA, Node...) with the usual fields.</summary>
    public static JsonObject Condition(string type, string status, string? reason, string? message, DateTimeOffset transition, DateTimeOffset? update = null)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (update is { } u)
        {
            condition["lastUpdateTime"] = Time(u);
        }

        condition["lastTransitionTime"] = Time(transition);
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    public static string Name(JsonObject obj) => Text(obj, "metadata", "name") ?? "";

    public static string Namespace(JsonObject obj) => Text(obj, "metadata", "namespace") ?? "";

    public static string Uid(JsonObject obj) => Text(obj, "metadata", "uid") ?? "";

    public static string Kind(JsonObject obj) => Text(obj, "kind") ?? "";

    public static JsonObject Metadata(JsonObject obj) => (JsonObject)obj["metadata"]!;

    /// <summary>The string at a path of property names, or null.</summary>
    public static string? Text(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject obj ? obj[step] : null;
        }

        return SnapshotLists.Text(node);
    }

    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = [];
        parent[name] = child;
        return child;
    }

    public static JsonArray Array(JsonObject parent, string name)
    {
        if (parent[name] is JsonArray array)
        {
            return array;
        }

        array = [];
        parent[name] = array;
        return array;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
