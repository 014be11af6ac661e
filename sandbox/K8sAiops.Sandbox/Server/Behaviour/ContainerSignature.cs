using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// What a crash depends on: a container's image, <c>command</c>, <c>args</c> and <c>env</c>. Compared the way the
/// Deployment controller compares templates: a missing list equals an empty one, null and empty fields do not count,
/// and the <c>apiVersion: v1</c> the API server defaults into an env <c>fieldRef</c> is ignored.
/// </summary>
internal static class ContainerSignature
{
    public static bool Matches(CrashingContainer crash, JsonObject container) =>
        crash.Image == container.StringAt("image")
        && Same(crash.Command is null ? null : new JsonArray(crash.Command.Select(s => (JsonNode?)s).ToArray()), container["command"])
        && Same(crash.Args is null ? null : new JsonArray(crash.Args.Select(s => (JsonNode?)s).ToArray()), container["args"])
        && Same(crash.Env, container["env"]);

    private static bool Same(JsonNode? recorded, JsonNode? actual) => JsonNode.DeepEquals(Canonical(recorded), Canonical(actual));

    private static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key == "apiVersion" && value.StringAt() == "v1" && obj.ContainsKey("fieldPath"))
                    {
                        continue;
                    }

                    if (Canonical(value) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray(array.Select(item => Canonical(item) ?? new JsonObject()).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
