using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// DingTalk custom robot: <c>msgtype</c> actionCard (title, text, and singleTitle/singleURL or btns of title/actionURL)
/// or markdown (title, text); body ≤20,000 bytes (else 460101). With a secret it checks the query's <c>timestamp</c>
/// (Unix ms, within an hour) and <c>sign</c> (URL-decoded Base64 HMAC-SHA256 keyed by the secret over
/// <c>timestamp\nsecret</c>) and answers 310000 <c>sign not match</c> / <c>invalid timestamp</c>. Success
/// <c>{"errcode":0,"errmsg":"ok"}</c>; throttles with errcode 130101. Records each <c>msgUuid</c>.
/// </summary>
public sealed class DingTalkReceiver(string? secret = null, TimeProvider? time = null) : ChatReceiver("robot/send?access_token=0123456789abcdef", secret, time)
{
    public const int MaxBodyBytes = 20_000;

    protected override ChatFault Throttled => Error(130101, "send too fast, exceed 20 times per minute");

    protected override ChatFault Success => Error(0, "ok");

    protected override ChatFault BadPayload => Error(300001, "param error");

    public static ChatFault Error(int errcode, string errmsg) => ChatFault.Json(JsonSerializer.Serialize(new { errcode, errmsg }));

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        if (Secret is not null)
            VerifySignature(check);
        check.Require(Utf8Bytes(check.Request.Body) <= MaxBodyBytes, "body over 20000 bytes", Error(460101, "message too long, exceed 20000 bytes"));
        if (Prop(Prop(root, "at"), "isAtAll").ValueKind == JsonValueKind.True)
            check.Mentions.Add("at.isAtAll");
        switch (Str(root, "msgtype"))
        {
            case "actionCard":
                var card = Prop(root, "actionCard");
                check.Require(Str(card, "title") is { Length: > 0 } && Str(card, "text") is { Length: > 0 }, "actionCard needs title and text");
                check.AddText(Str(card, "title"));
                MarkupScan.AddMarkdown(check, Str(card, "text"));
                var buttons = Prop(card, "btns");
                if (buttons.ValueKind == JsonValueKind.Array)
                {
                    check.Require(buttons.GetArrayLength() > 0, "btns is empty");
                    check.Require(Str(card, "btnOrientation") is null or "0" or "1", "btnOrientation is neither \"0\" nor \"1\"");
                    foreach (var button in Items(buttons))
                    {
                        check.Require(Str(button, "title") is { Length: > 0 }, "button without title");
                        check.Button(Str(button, "title"), Str(button, "actionURL"));
                    }
                }
                else
                {
                    check.Require(Str(card, "singleTitle") is { Length: > 0 }, "actionCard has neither btns nor singleTitle/singleURL");
                    check.Button(Str(card, "singleTitle"), Str(card, "singleURL"));
                }
                break;
            case "markdown":
                var markdown = Prop(root, "markdown");
                check.Require(Str(markdown, "title") is { Length: > 0 } && Str(markdown, "text") is { Length: > 0 }, "markdown needs title and text");
                check.AddText(Str(markdown, "title"));
                MarkupScan.AddMarkdown(check, Str(markdown, "text"));
                break;
            case "text":
                check.AddText(Str(Prop(root, "text"), "content"));
                break;
            default:
                check.Fail($"msgtype '{Str(root, "msgtype")}' unknown");
                break;
        }
    }

    private void VerifySignature(PayloadCheck check)
    {
        var query = check.Request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
        if (!query.TryGetValue("timestamp", out var timestamp) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || Math.Abs(Time.GetUtcNow().ToUnixTimeMilliseconds() - ms) > 3_600_000)
        {
            check.Fail("timestamp missing or not within one hour", Error(310000, "invalid timestamp"));
            return;
        }
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret!), Encoding.UTF8.GetBytes(timestamp + "\n" + Secret)));
        check.Require(query.TryGetValue("sign", out var sign) && sign == expected, "sign does not match", Error(310000, "sign not match"));
    }
}
