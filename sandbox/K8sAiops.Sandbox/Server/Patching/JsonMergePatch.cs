using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge key by key, <c>null</c> removes a key, anything else (arrays included) replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var existing = result[key];
                var merged = Apply(existing, value);
                if (!ReferenceEquals(merged, existing))
                {
                    result[key] = merged;
                }
            }
        }

        return result;
    }
}
