using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>The fields the API server sets on every stored object when missing: identity, kind, uid, creation time, generation.</summary>
internal static class ObjectDefaults
{
    /// <summary>Fills in <c>apiVersion</c>, <c>kind</c>, <c>metadata.uid</c>, <c>metadata.creationTimestamp</c> and (for kinds that have one) <c>metadata.generation</c>.</summary>
    public static void Apply(ResourceKind kind, JsonObject obj, DateTimeOffset now)
    {
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
        var metadata = obj.Metadata();
        if (string.IsNullOrEmpty(metadata.StringAt("uid")))
        {
            metadata["uid"] = NewUid();
        }

        if (string.IsNullOrEmpty(metadata.StringAt("creationTimestamp")))
        {
            metadata["creationTimestamp"] = Json.FormatTime(now);
        }

        if (KindTraits.HasGeneration(kind) && metadata.IntegerAt("generation") is null)
        {
            metadata["generation"] = 1;
        }
    }

    /// <summary>A random version-4 UUID in lower case, as the API server assigns.</summary>
    public static string NewUid() => Guid.NewGuid().ToString("D");
}
