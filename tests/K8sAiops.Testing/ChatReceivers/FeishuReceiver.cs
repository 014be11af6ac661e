using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// Feishu/Lark custom bot, card JSON 2.0: <c>msg_type: interactive</c>, <c>card</c> an object with <c>schema "2.0"</c>,
/// a plain_text header title and a known template, <c>body.elements</c> of markdown and buttons (text ≤100, a known
/// type, <c>behaviors</c> open_url), body ≤20 KB. With a secret it recomputes <c>sign</c> from <c>timestamp</c> (within
/// an hour) the official way and answers <c>{"code":19021,…}</c> when they differ. Success <c>{"code":0,…}</c>;
/// 9499 for a bad payload; throttles with code 11232.
/// </summary>
public sealed class FeishuReceiver(string? secret = null, TimeProvider? time = null) : ChatReceiver("open-apis/bot/v2/hook/5f0e5b56-0000-4c1a-9d1b-test", secret, time)
{
    public const int MaxBodyBytes = 20 * 1024;

    public static readonly ChatFault SignatureFailure = ChatFault.Json("""{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}""");

    private static readonly HashSet<string> Templates = ["blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default"];
    private static readonly HashSet<string> ButtonTypes = ["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"];

    protected override ChatFault Throttled => ChatFault.Json("""{"code":11232,"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]","data":{}}""");

    protected override ChatFault Success => ChatFault.Json("""{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}""");

    protected override ChatFault BadPayload => ChatFault.Json("""{"code":9499,"msg":"Bad Request","data":{}}""");

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        if (Secret is not null)
            VerifySignature(check, root);
        check.Require(Utf8Bytes(check.Request.Body) <= MaxBodyBytes, "body larger than 20 KB", ChatFault.Json("""{"code":9499,"msg":"request body too large","data":{}}"""));
        check.Require(Str(root, "msg_type") == "interactive", "msg_type is not interactive");
        var card = Prop(root, "card");
        check.Require(card.ValueKind == JsonValueKind.Object, "card is not an object");
        check.Require(Str(card, "schema") == "2.0", "card.schema is not 2.0");
        var header = Prop(card, "header");
        var title = Prop(header, "title");
        check.Require(Str(title, "tag") == "plain_text" && Str(title, "content") is { Length: > 0 }, "header title is not plain_text with content");
        check.AddText(Str(title, "content"));
        check.Require(Str(header, "template") is { } t && Templates.Contains(t), $"header template '{Str(header, "template")}' unknown");
        check.Require(Prop(card, "elements").ValueKind == JsonValueKind.Undefined, "top-level elements is the 1.0 form");
        var elements = Prop(Prop(card, "body"), "elements");
        check.Require(elements.ValueKind == JsonValueKind.Array, "card.body.elements is not an array");
        foreach (var element in Items(elements))
        {
            switch (Str(element, "tag"))
            {
                case "markdown":
                    check.Require(Str(element, "content") is not null, "markdown without content");
                    MarkupScan.AddMarkdown(check, Str(element, "content"));
                    break;
                case "button":
                    var text = Prop(element, "text");
                    check.Require(Str(text, "tag") == "plain_text" && Str(text, "content") is { Length: > 0 and <= 100 }, "button text not plain_text of 1 to 100 characters");
                    check.Require(Str(element, "type") is null || ButtonTypes.Contains(Str(element, "type")!), $"button type '{Str(element, "type")}' unknown");
                    var behavior = Items(Prop(element, "behaviors")).FirstOrDefault(b => Str(b, "type") == "open_url");
                    check.Require(behavior.ValueKind == JsonValueKind.Object, "button without an open_url behavior");
                    check.Button(Str(text, "content"), Str(behavior, "default_url"));
                    break;
                case "hr":
                    break;
                case "action":
                    check.Fail("the action tag is card JSON 1.0; 2.0 puts buttons in body.elements");
                    break;
                default:
                    check.Fail($"unexpected element tag '{Str(element, "tag")}'");
                    break;
            }
        }
    }

    private void VerifySignature(PayloadCheck check, JsonElement root)
    {
        var timestamp = Str(root, "timestamp");
        var sign = Str(root, "sign");
        if (timestamp is null || sign is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            check.Fail("timestamp (a string of Unix seconds) or sign missing", SignatureFailure);
            return;
        }
        if (Math.Abs(Time.GetUtcNow().ToUnixTimeSeconds() - seconds) > 3600)
        {
            check.Fail("timestamp not within one hour", SignatureFailure);
            return;
        }
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\n" + Secret), Array.Empty<byte>()));
        check.Require(expected == sign, "sign does not match", SignatureFailure);
    }
}
