using K8sAiops.Sandbox.Server.Errors;

namespace K8sAiops.Sandbox.Server.Patching;

/// <summary>The patch formats the sandbox accepts, by Content-Type.</summary>
internal enum PatchFormat
{
    /// <summary><c>application/json-patch+json</c>: RFC 6902 operations.</summary>
    JsonPatch,

    /// <summary><c>application/merge-patch+json</c>: RFC 7386.</summary>
    MergePatch,

    /// <summary><c>application/strategic-merge-patch+json</c>: Kubernetes' strategic merge.</summary>
    StrategicMergePatch,
}

internal static class PatchFormats
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";

    private static readonly string[] Accepted = [JsonPatchType, MergePatchType, StrategicMergePatchType];

    /// <summary>The format of a request's Content-Type (parameters such as charset ignored), or 415 like the API server.</summary>
    public static PatchFormat FromContentType(string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim();
        return mediaType switch
        {
            JsonPatchType => PatchFormat.JsonPatch,
            MergePatchType => PatchFormat.MergePatch,
            StrategicMergePatchType => PatchFormat.StrategicMergePatch,
            _ => throw ApiErrors.UnsupportedMediaType(Accepted),
        };
    }
}
