using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Errors;

namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>Applies a PATCH body of a given <see cref="PatchFormat"/> to an object, mapping failures to the API server's answers.</summary>
internal static class PatchDocument
{
    /// <summary>Parses a patch body; 400 when it is not JSON.</summary>
    public static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest("error decoding patch: " + e.Message);
        }
    }

    /// <summary>
    /// The object with <paramref name="patch"/> applied. A malformed patch is 400 with its reason; a JSON patch
    /// operation that does not apply is 422 with the API server's generic wording (it does not pass the reason on).
    /// </summary>
    public static JsonObject Apply(PatchFormat format, JsonObject current, JsonNode? patch)
    {
        try
        {
            var result = format switch
            {
                PatchFormat.JsonPatch => JsonPatch.Apply(current, patch),
                PatchFormat.MergePatch => JsonMergePatch.Apply(current, patch),
                _ => StrategicMergePatch.Apply(current, patch),
            };
            return result as JsonObject ?? throw ApiErrors.BadRequest("the patch did not produce an object");
        }
        catch (PatchException e) when (e.Unprocessable)
        {
            throw ApiErrors.Unprocessable("the server rejected our request due to an error in our request");
        }
        catch (PatchException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw ApiErrors.BadRequest("invalid patch: " + e.Message);
        }
    }
}
