using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// A generic JSON webhook: any JSON object with <c>idempotencyKey</c>, <c>instanceId</c> and <c>title</c>. With a secret
/// (<c>whsec_</c>+Base64, or raw text) it verifies the Standard Webhooks signature (<c>webhook-id</c>,
/// <c>webhook-timestamp</c> within 5 minutes, <c>webhook-signature: v1,…</c> over <c>{id}.{timestamp}.{body}</c>) and
/// answers 401 when it fails. Success 200 <c>{}</c>; throttles with 429 and <c>Retry-After: 1</c>.
/// Approve/Reject come from <c>links.approve</c> / <c>links.reject</c>.
/// </summary>
public sealed class WebhookReceiver(string? secret = null, TimeProvider? time = null) : ChatReceiver("hooks/oncall", secret, time)
{
    protected override ChatFault Throttled => ChatFault.TooManyRequests(1);

    protected override ChatFault Success => ChatFault.Json("{}");

    protected override ChatFault BadPayload => ChatFault.Json("""{"error":"bad payload"}""", 400);

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        if (Secret is not null)
            VerifySignature(check);
        check.Require(root.ValueKind == JsonValueKind.Object, "body is not a JSON object");
        check.Require(Str(root, "idempotencyKey") is { Length: > 0 }, "idempotencyKey missing");
        check.Require(Str(root, "instanceId") is { Length: > 0 }, "instanceId missing");
        check.Require(Str(root, "title") is { Length: > 0 }, "title missing");
        check.AddText(Str(root, "title"));
        check.AddText(Str(root, "summary"));
        var links = Prop(root, "links");
        if (links.ValueKind == JsonValueKind.Object)
        {
            check.Button("Approve", Str(links, "approve"));
            check.Button("Reject", Str(links, "reject"));
        }
    }

    private void VerifySignature(PayloadCheck check)
    {
        var unauthorized = ChatFault.Json("""{"error":"invalid signature"}""", 401);
        var headers = check.Request.Headers;
        if (!headers.TryGetValue("webhook-id", out var id) || !headers.TryGetValue("webhook-timestamp", out var timestamp)
            || !headers.TryGetValue("webhook-signature", out var signatures))
        {
            check.Fail("webhook-id, webhook-timestamp or webhook-signature missing", unauthorized);
            return;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || Math.Abs(Time.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
        {
            check.Fail("webhook-timestamp not within 5 minutes", unauthorized);
            return;
        }
        var key = Secret!.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(Secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(Secret);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{check.Request.Body}")));
        var match = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => s.StartsWith("v1,", StringComparison.Ordinal) && s[3..] == expected);
        check.Require(match, "no webhook-signature matches", unauthorized);
    }
}
