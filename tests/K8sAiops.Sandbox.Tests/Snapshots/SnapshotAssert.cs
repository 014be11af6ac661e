using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Snapshots;

/// <summary>Compares snapshots by content: the same objects (by kind, namespace and name, JSON equal) and the same logs.</summary>
internal static class SnapshotAssert
{
    public static void SameContent(ClusterSnapshot expected, ClusterSnapshot actual)
    {
        var expectedObjects = ByIdentity(expected);
        var actualObjects = ByIdentity(actual);
        Assert.Equal(expectedObjects.Keys.Order(), actualObjects.Keys.Order());
        foreach (var (identity, obj) in expectedObjects)
        {
            Assert.True(JsonNode.DeepEquals(obj, actualObjects[identity]),
                $"{identity} differs:\nexpected {obj.ToJsonString()}\nactual   {actualObjects[identity].ToJsonString()}");
        }

        Assert.Equal(expected.Logs.Count, actual.Logs.Count);
        foreach (var (key, log) in expected.Logs)
        {
            Assert.True(actual.Logs.TryGetValue(key, out var actualLog), $"log {key} missing");
            Assert.Equal(log, actualLog);
        }
    }

    public static string Identity(JsonObject obj) =>
        $"{obj["kind"]}/{obj["metadata"]?["namespace"]}/{obj["metadata"]?["name"]}";

    private static Dictionary<string, JsonObject> ByIdentity(ClusterSnapshot snapshot) =>
        snapshot.Objects.ToDictionary(Identity, StringComparer.Ordinal);
}
