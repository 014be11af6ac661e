using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Synthetic;

/// <summary>Reads a snapshot's JSON the way a test (or kubectl) would, independent of how it was built.</summary>
internal static class ClusterQueries
{
    public static readonly DateTimeOffset Now = new(2024, 5, 20, 10, 0, 0, TimeSpan.Zero);

    public static IEnumerable<JsonObject> OfKind(this ClusterSnapshot snapshot, string kind, string? ns = null) =>
        snapshot.Objects.Where(o => (string?)o["kind"] == kind && (ns is null || (string?)o["metadata"]?["namespace"] == ns));

    public static JsonObject Get(this ClusterSnapshot snapshot, string kind, string? ns, string name) =>
        snapshot.OfKind(kind, ns).Single(o => o.Name() == name);

    public static string Name(this JsonNode obj) => (string)obj["metadata"]!["name"]!;

    public static string Namespace(this JsonNode obj) => (string?)obj["metadata"]!["namespace"] ?? "";

    public static string Uid(this JsonNode obj) => (string)obj["metadata"]!["uid"]!;

    public static string? Str(this JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static JsonObject? OwnerOf(this ClusterSnapshot snapshot, JsonObject obj)
    {
        var reference = obj["metadata"]!["ownerReferences"]?[0];
        return reference is null ? null : snapshot.OfKind((string)reference["kind"]!, obj.Namespace()).Single(o => o.Uid() == (string)reference["uid"]!);
    }

    public static IEnumerable<JsonObject> EventsFor(this ClusterSnapshot snapshot, JsonObject obj) =>
        snapshot.OfKind("Event").Where(e => e.Str("involvedObject", "name") == obj.Name()
            && e.Str("involvedObject", "kind") == (string)obj["kind"]!
            && (e.Str("involvedObject", "namespace") ?? "") == obj.Namespace());

    public static IEnumerable<JsonObject> Conditions(this JsonObject obj) => (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>();

    public static JsonObject? Condition(this JsonObject obj, string type) => obj.Conditions().FirstOrDefault(c => (string?)c["type"] == type);

    public static IEnumerable<JsonObject> ContainerStatuses(this JsonObject pod, string field = "containerStatuses") =>
        (pod["status"]?[field] as JsonArray ?? []).OfType<JsonObject>();

    public static string Json(this ClusterSnapshot snapshot)
    {
        using var writer = new StringWriter();
        SnapshotWriter.WriteStream(snapshot, writer);
        return writer.ToString();
    }
}
