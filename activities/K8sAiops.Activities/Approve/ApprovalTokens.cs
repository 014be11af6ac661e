using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sAiops.Activities.Approve;

/// <summary>What an approval link's token says, all of it covered by the signature.</summary>
/// <param name="InstanceId">The orchestration instance.</param>
/// <param name="ExecutionId">Its execution (a restarted instance with the same id gets a new one).</param>
/// <param name="ApprovalId">The approval (one per proposed plan).</param>
/// <param name="ActionDigest">The digest of the dry-run plan the person is asked about.</param>
/// <param name="ExpiresAt">Unix seconds after which the link is dead.</param>
/// <param name="Channel">The chat channel the link was sent to.</param>
public sealed record ApprovalClaims(
    [property: JsonPropertyName("i")] string InstanceId,
    [property: JsonPropertyName("e")] string ExecutionId,
    [property: JsonPropertyName("a")] string ApprovalId,
    [property: JsonPropertyName("d")] string ActionDigest,
    [property: JsonPropertyName("x")] long ExpiresAt,
    [property: JsonPropertyName("c")] string Channel);

/// <summary>
/// Signs and checks approval tokens: <c>v1.{base64url(claims JSON)}.{base64url(HMAC-SHA256(key, "v1." + claims part))}</c>.
/// A token proves that this host (or one holding its key) made the link for exactly these claims; it does not
/// prove who clicked it.
/// </summary>
public sealed class ApprovalTokens
{
    /// <summary>Fewest characters a configured key may have.</summary>
    public const int MinKeyLength = 32;

    private const string Version = "v1";
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    private readonly byte[] key;

    public ApprovalTokens(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        this.key = Encoding.UTF8.GetBytes(key);
    }

    public string Create(ApprovalClaims claims)
    {
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, Json));
        return $"{Version}.{body}.{Base64Url.EncodeToString(Mac($"{Version}.{body}"))}";
    }

    /// <summary>The claims of a well-formed token with a good signature; null for anything else (forged, cut, altered).</summary>
    public ApprovalClaims? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
            return null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
            return null;
        byte[] signature;
        byte[] body;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            body = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Mac($"{parts[0]}.{parts[1]}")))
            return null;
        try
        {
            return JsonSerializer.Deserialize<ApprovalClaims>(body, Json) is { InstanceId: not null, ApprovalId: not null } claims ? claims : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A key for another kind of link, derived from this one for <paramref name="purpose"/> (HMAC-SHA256(key, purpose)), so
    /// one host secret signs several kinds of link and a token of one kind never verifies as another.
    /// </summary>
    public byte[] DeriveKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return Mac("derive:" + purpose);
    }

    private byte[] Mac(string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
}
