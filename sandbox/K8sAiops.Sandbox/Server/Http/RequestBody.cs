using K8sAiops.Sandbox.Server.Errors;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>Reads a request body whole (the API server's limit for a body is 3 MiB of JSON; the sandbox allows 16).</summary>
internal static class RequestBody
{
    private const int Limit = 16 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > Limit)
        {
            throw new ApiException(new ApiStatus(413, "RequestEntityTooLarge", "Request entity too large: limit is 16777216"));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a create or update body: JSON only. Any other Content-Type (protobuf, YAML, CBOR) is 415, and client-go
    /// then repeats the request as JSON.
    /// </summary>
    public static async Task<System.Text.Json.Nodes.JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        if (mediaType.Length > 0 && mediaType != "application/json")
        {
            throw ApiErrors.UnsupportedMediaType(["application/json"]);
        }

        return Store.Json.ParseObject(await ReadAsync(request));
    }
}
