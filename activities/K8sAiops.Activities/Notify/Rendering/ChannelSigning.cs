using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>The signatures the platforms check, exactly as their documents give them.</summary>
public static class ChannelSigning
{
    /// <summary>
    /// Feishu/Lark: Base64(HMAC-SHA256(key = <c>timestamp + "\n" + secret</c>, message = empty)), timestamp in Unix seconds.
    /// </summary>
    public static string Feishu(string secret, long unixSeconds)
    {
        var key = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Array.Empty<byte>()));
    }

    /// <summary>
    /// DingTalk: Base64(HMAC-SHA256(key = secret, message = <c>timestamp + "\n" + secret</c>)), timestamp in Unix
    /// milliseconds; not yet URL-encoded.
    /// </summary>
    public static string DingTalk(string secret, long unixMilliseconds)
    {
        var message = Encoding.UTF8.GetBytes(unixMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>
    /// Standard Webhooks: <c>v1,</c> + Base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)); the key is the Base64
    /// after <c>whsec_</c>, or the secret's UTF-8 bytes when it has no such prefix.
    /// </summary>
    public static string StandardWebhook(string secret, string id, long unixSeconds, string body)
    {
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal)
            ? Convert.FromBase64String(secret["whsec_".Length..])
            : Encoding.UTF8.GetBytes(secret);
        var content = Encoding.UTF8.GetBytes($"{id}.{unixSeconds.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>A stable id for a card sent to a channel (DingTalk's <c>msgUuid</c>, the webhook's <c>webhook-id</c>).</summary>
    public static string StableId(string idempotencyKey, string channel)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{idempotencyKey}\n{channel}")))[..32];
}
