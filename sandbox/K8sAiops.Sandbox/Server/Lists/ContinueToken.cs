using System.Buffers.Text;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Lists;

/// <summary>
/// The opaque <c>continue</c> of a paged list, shaped like the API server's: unpadded base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":REVISION,"start":"KEY\u0000"}</c>, where REVISION is the state the list pages through
/// (-1: the latest, after an expired token) and KEY the last object returned.
/// </summary>
internal readonly record struct ContinueToken(long ResourceVersion, ObjectKey After)
{
    private const string Version = "meta.k8s.io/v1";

    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["v"] = Version,
            ["rv"] = ResourceVersion,
            ["start"] = After + "\u0000",
        });
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Decodes <paramref name="token"/>, or answers 400 <c>invalid continue token: continue key is not valid: …</c>.</summary>
    public static ContinueToken Decode(string token)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException e)
        {
            throw Invalid(e.Message);
        }

        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(bytes);
        }
        catch (JsonException e)
        {
            throw Invalid(e.Message);
        }

        if (root.ValueKind != JsonValueKind.Object || root.StringAt("v") != Version)
        {
            throw Invalid("server does not recognize this encoded version");
        }

        var rv = root.IntegerAt("rv") ?? 0;
        if (rv == 0)
        {
            throw Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        var start = root.StringAt("start")?.TrimEnd('\u0000');
        if (string.IsNullOrEmpty(start))
        {
            throw Invalid("encoded start key empty (version meta.k8s.io/v1)");
        }

        return new ContinueToken(rv, ObjectKey.Parse(start));
    }

    private static ApiException Invalid(string why) =>
        ApiErrors.BadRequest("invalid continue token: continue key is not valid: " + why);
}
