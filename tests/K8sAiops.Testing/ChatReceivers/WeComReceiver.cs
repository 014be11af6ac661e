using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// WeCom group robot: <c>msgtype</c> markdown (content 1 to 4096 UTF-8 bytes, else 44004 / 40058) or template_card
/// text_notice (card_action required; jump_list ≤3 with titles ≤13; horizontal_content_list ≤6 with keynames ≤5; title
/// ≤26, desc ≤30, sub_title_text ≤112). Answers <c>{"errcode":0,"errmsg":"ok"}</c>; throttles with errcode 45009.
/// No signing (the URL's key is the credential).
/// </summary>
public sealed class WeComReceiver(TimeProvider? time = null) : ChatReceiver("cgi-bin/webhook/send?key=693a91f6-0000-4bb6-test", null, time)
{
    public const int MaxContentBytes = 4096;

    protected override ChatFault Throttled => Error(45009, "api freq out of limit");

    protected override ChatFault Success => Error(0, "ok");

    protected override ChatFault BadPayload => Error(40008, "invalid message type");

    /// <summary>The errcode answer WeCom gives (in an HTTP 200).</summary>
    public static ChatFault Error(int errcode, string errmsg)
        => ChatFault.Json(JsonSerializer.Serialize(new { errcode, errmsg }));

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        switch (Str(root, "msgtype"))
        {
            case "markdown" or "markdown_v2":
                var content = Str(Prop(root, Str(root, "msgtype")!), "content");
                check.Require(!string.IsNullOrEmpty(content), "markdown.content is empty", Error(44004, "empty content"));
                check.Require(content is null || Utf8Bytes(content) <= MaxContentBytes,
                    $"markdown.content is {Utf8Bytes(content ?? "")} bytes", Error(40058, "markdown.content exceed max length 4096"));
                MarkupScan.AddMarkdown(check, content);
                break;
            case "template_card":
                TemplateCard(check, Prop(root, "template_card"));
                break;
            case "text":
                var text = Str(Prop(root, "text"), "content");
                check.Require(text is { Length: > 0 } && Utf8Bytes(text) <= 2048, "text.content empty or over 2048 bytes", Error(40058, "text.content exceed max length 2048"));
                check.AddText(text);
                break;
            default:
                check.Fail($"msgtype '{Str(root, "msgtype")}' unknown");
                break;
        }
    }

    private static void TemplateCard(PayloadCheck check, JsonElement card)
    {
        var invalid = Error(40058, "invalid template_card");
        check.Require(Str(card, "card_type") == "text_notice", "card_type is not text_notice", invalid);
        var main = Prop(card, "main_title");
        check.Require(Str(main, "title") is { Length: > 0 and <= 26 }, "main_title.title empty or longer than 26", invalid);
        check.Require(Str(main, "desc") is null or { Length: <= 30 }, "main_title.desc longer than 30", invalid);
        check.Require(Str(card, "sub_title_text") is null or { Length: <= 112 }, "sub_title_text longer than 112", invalid);
        check.AddText(Str(main, "title"));
        check.AddText(Str(main, "desc"));
        check.AddText(Str(card, "sub_title_text"));
        var horizontal = Prop(card, "horizontal_content_list");
        check.Require(horizontal.ValueKind == JsonValueKind.Undefined || horizontal.GetArrayLength() <= 6, "horizontal_content_list has more than 6 items", invalid);
        foreach (var item in Items(horizontal))
        {
            check.Require(Str(item, "keyname") is { Length: > 0 and <= 5 }, $"keyname '{Str(item, "keyname")}' empty or longer than 5", invalid);
            check.AddText($"{Str(item, "keyname")}: {Str(item, "value")}");
        }
        var jumps = Prop(card, "jump_list");
        check.Require(jumps.ValueKind == JsonValueKind.Undefined || jumps.GetArrayLength() <= 3, "jump_list has more than 3 items", invalid);
        foreach (var jump in Items(jumps))
        {
            check.Require(Str(jump, "title") is { Length: > 0 and <= 13 }, "jump title empty or longer than 13", invalid);
            check.Require(Prop(jump, "type").ValueKind == JsonValueKind.Number && Prop(jump, "type").GetInt32() == 1, "jump type is not 1 (URL)", invalid);
            check.Button(Str(jump, "title"), Str(jump, "url"));
        }
        var action = Prop(card, "card_action");
        check.Require(action.ValueKind == JsonValueKind.Object, "card_action is required", Error(40058, "template_card.card_action is required"));
        check.Require(Prop(action, "type").ValueKind != JsonValueKind.Number || Prop(action, "type").GetInt32() != 1 || Uri.IsWellFormedUriString(Str(action, "url"), UriKind.Absolute),
            "card_action type 1 needs an absolute url", invalid);
    }
}
