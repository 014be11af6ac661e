using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Discovery;

/// <summary>
/// The legacy discovery documents (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/{group}/{version}</c>) for the
/// kinds of <see cref="ResourceKinds.All"/>. They are served as plain <c>application/json</c>, which makes kubectl 1.26+
/// fall back from aggregated discovery to these.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] ResourceVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly string[] ScaleVerbs = ["get", "patch", "update"];

    /// <summary>The groups other than core, each with its single served version, in order of first appearance.</summary>
    public static IReadOnlyList<(string Group, string Version)> Groups { get; } =
        ResourceKinds.All.Where(k => k.Group.Length > 0).Select(k => (k.Group, k.Version)).Distinct().ToList();

    public static void WriteApiVersions(Utf8JsonWriter json, string serverAddress)
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIVersions");
        json.WriteStartArray("versions");
        json.WriteStringValue("v1");
        json.WriteEndArray();
        json.WriteStartArray("serverAddressByClientCIDRs");
        json.WriteStartObject();
        json.WriteString("clientCIDR", "0.0.0.0/0");
        json.WriteString("serverAddress", serverAddress);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteGroupList(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIGroupList");
        json.WriteString("apiVersion", "v1");
        json.WriteStartArray("groups");
        foreach (var (group, version) in Groups)
        {
            WriteGroupBody(json, group, version);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary><c>/apis/{group}</c>: one APIGroup.</summary>
    public static void WriteGroup(Utf8JsonWriter json, string group, string version)
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIGroup");
        json.WriteString("apiVersion", "v1");
        WriteGroupFields(json, group, version);
        json.WriteEndObject();
    }

    /// <summary>Whether <paramref name="group"/>/<paramref name="version"/> is served (core is <c>""</c>/<c>v1</c>).</summary>
    public static bool Serves(string group, string version) =>
        ResourceKinds.All.Any(k => k.Group == group && k.Version == version);

    /// <summary>The APIResourceList of one group version, with the <c>log</c> and <c>scale</c> subresources.</summary>
    public static void WriteResourceList(Utf8JsonWriter json, string group, string version)
    {
        json.WriteStartObject();
        json.WriteString("kind", "APIResourceList");
        json.WriteString("apiVersion", "v1");
        json.WriteString("groupVersion", group.Length == 0 ? version : group + "/" + version);
        json.WriteStartArray("resources");
        foreach (var kind in ResourceKinds.All.Where(k => k.Group == group && k.Version == version))
        {
            json.WriteStartObject();
            json.WriteString("name", kind.Plural);
            json.WriteString("singularName", kind.Singular);
            json.WriteBoolean("namespaced", kind.Namespaced);
            json.WriteString("kind", kind.Kind);
            WriteStrings(json, "verbs", ResourceVerbs);
            if (kind.ShortNames.Length > 0)
            {
                WriteStrings(json, "shortNames", kind.ShortNames);
            }

            if (KindTraits.InCategoryAll(kind))
            {
                WriteStrings(json, "categories", ["all"]);
            }

            json.WriteEndObject();
            if (kind == ResourceKinds.Pod)
            {
                WriteSubresource(json, "pods/log", kind.Namespaced, "", "", "Pod", ["get"]);
            }

            if (KindTraits.HasScale(kind))
            {
                WriteSubresource(json, kind.Plural + "/scale", kind.Namespaced, "autoscaling", "v1", "Scale", ScaleVerbs);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSubresource(Utf8JsonWriter json, string name, bool namespaced, string group, string version, string kind, string[] verbs)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("singularName", "");
        json.WriteBoolean("namespaced", namespaced);
        if (group.Length > 0)
        {
            json.WriteString("group", group);
            json.WriteString("version", version);
        }

        json.WriteString("kind", kind);
        WriteStrings(json, "verbs", verbs);
        json.WriteEndObject();
    }

    private static void WriteGroupBody(Utf8JsonWriter json, string group, string version)
    {
        json.WriteStartObject();
        WriteGroupFields(json, group, version);
        json.WriteEndObject();
    }

    private static void WriteGroupFields(Utf8JsonWriter json, string group, string version)
    {
        json.WriteString("name", group);
        json.WriteStartArray("versions");
        WriteGroupVersion(json, group, version);
        json.WriteEndArray();
        json.WritePropertyName("preferredVersion");
        WriteGroupVersion(json, group, version);
    }

    private static void WriteGroupVersion(Utf8JsonWriter json, string group, string version)
    {
        json.WriteStartObject();
        json.WriteString("groupVersion", group + "/" + version);
        json.WriteString("version", version);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
