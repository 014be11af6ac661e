using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Activities.Tests.Collect.Support;

/// <summary>Small edits of a generated snapshot's JSON, for tests that need one detail changed.</summary>
internal static class SnapshotEdits
{
    public static string Kind(this JsonObject obj) => (string)obj["kind"]!;

    public static string Name(this JsonObject obj) => (string)obj["metadata"]!["name"]!;

    public static string Namespace(this JsonObject obj) => (string?)obj["metadata"]!["namespace"] ?? "";

    public static IEnumerable<JsonObject> OfKind(this ClusterSnapshot snapshot, string kind) =>
        snapshot.Objects.Where(o => (string?)o["kind"] == kind);

    /// <summary>The first pod owned by a ReplicaSet whose pod template references a Secret in its env.</summary>
    public static JsonObject PodWithSecretEnv(this ClusterSnapshot snapshot) =>
        snapshot.OfKind("Pod").First(p =>
            p["metadata"]!["ownerReferences"]?[0]?["kind"]?.GetValue<string>() == "ReplicaSet"
            && p["spec"]!["containers"]![0]!["env"]?.AsArray().Any(e => e?["valueFrom"]?["secretKeyRef"] is not null) == true);

    /// <summary>The Secret (and key) the pod's first container reads an env var from.</summary>
    public static (string Secret, string Key) SecretEnvReference(this JsonObject pod)
    {
        var reference = pod["spec"]!["containers"]![0]!["env"]!.AsArray()
            .Select(e => e!["valueFrom"]?["secretKeyRef"]).OfType<JsonNode>().First();
        return ((string)reference["name"]!, (string)reference["key"]!);
    }

    public static string FirstContainer(this JsonObject pod) => (string)pod["spec"]!["containers"]![0]!["name"]!;
}
