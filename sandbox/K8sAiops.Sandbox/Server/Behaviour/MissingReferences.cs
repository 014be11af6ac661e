using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// The kubelet's check of a container's environment sources, in its order (<c>envFrom</c>, then <c>env</c>): a
/// ConfigMap or Secret that does not exist, or a key it lacks, is an error unless the reference is <c>optional</c>.
/// The messages are the kubelet's.
/// </summary>
internal static class MissingReferences
{
    /// <summary>The first error building the container's environment in <paramref name="ns"/>, or null when it resolves.</summary>
    public static string? FirstError(StoreTransaction tx, string ns, JsonObject container)
    {
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (source["configMapRef"] is JsonObject cm && !Optional(cm) && Find(tx, ResourceKinds.ConfigMap, ns, cm) is null)
            {
                return $"configmap \"{cm.StringAt("name")}\" not found";
            }

            if (source["secretRef"] is JsonObject secret && !Optional(secret) && Find(tx, ResourceKinds.Secret, ns, secret) is null)
            {
                return $"secret \"{secret.StringAt("name")}\" not found";
            }
        }

        foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (variable["valueFrom"]?["configMapKeyRef"] is JsonObject cmKey && KeyError(tx, ResourceKinds.ConfigMap, ns, cmKey, ["data"]) is { } cmError)
            {
                return cmError;
            }

            if (variable["valueFrom"]?["secretKeyRef"] is JsonObject secretKey && KeyError(tx, ResourceKinds.Secret, ns, secretKey, ["data", "stringData"]) is { } secretError)
            {
                return secretError;
            }
        }

        return null;
    }

    private static string? KeyError(StoreTransaction tx, ResourceKind kind, string ns, JsonObject reference, string[] maps)
    {
        if (Optional(reference))
        {
            return null;
        }

        var name = reference.StringAt("name");
        if (Find(tx, kind, ns, reference) is not { } found)
        {
            return $"{kind.Kind.ToLowerInvariant()} \"{name}\" not found";
        }

        var key = reference.StringAt("key") ?? "";
        return maps.Any(map => found.Json.At(map, key) is not null)
            ? null
            : $"couldn't find key {key} in {kind.Kind} {ns}/{name}";
    }

    private static StoredObject? Find(StoreTransaction tx, ResourceKind kind, string ns, JsonObject reference) =>
        tx.Get(kind, ns, reference.StringAt("name") ?? "");

    private static bool Optional(JsonObject reference) =>
        reference["optional"] is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
