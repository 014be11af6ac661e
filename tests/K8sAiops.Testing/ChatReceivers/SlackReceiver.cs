using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// Slack incoming webhook: top-level <c>text</c> (≤40,000), ≤50 blocks; header plain_text ≤150; section text ≤3000 or
/// ≤10 fields of ≤2000; actions ≤25 buttons (text ≤75, url ≤3000, style primary/danger, one primary at most). Answers
/// 200 <c>ok</c>, or 400 <c>invalid_payload</c>; throttles with 429 and <c>Retry-After: 1</c>. No signing.
/// </summary>
public sealed class SlackReceiver(TimeProvider? time = null) : ChatReceiver("services/T0000/B0000/XXXXXXXXXXXX", null, time)
{
    protected override ChatFault Throttled => ChatFault.TooManyRequests(1);

    protected override ChatFault Success => new(200, "ok", "text/plain; charset=utf-8");

    protected override ChatFault BadPayload => new(400, "invalid_payload", "text/plain; charset=utf-8");

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        var text = Str(root, "text");
        check.Require(!string.IsNullOrEmpty(text), "no top-level text (the notification fallback)");
        check.Require(text is null || text.Length <= 40_000, "text longer than 40,000 characters");
        Mrkdwn(check, text);
        var blocks = Prop(root, "blocks");
        check.Require(blocks.ValueKind == JsonValueKind.Array, "blocks is not an array");
        check.Require(blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() <= 50, "more than 50 blocks");
        var primaries = 0;
        foreach (var block in Items(blocks))
        {
            switch (Str(block, "type"))
            {
                case "header":
                    var header = Prop(block, "text");
                    check.Require(Str(header, "type") == "plain_text", "header text is not plain_text");
                    check.Require(Str(header, "text") is { Length: > 0 and <= 150 }, "header text empty or longer than 150");
                    check.AddText(Str(header, "text"));
                    break;
                case "section":
                    var sectionText = Prop(block, "text");
                    var fields = Prop(block, "fields");
                    check.Require(sectionText.ValueKind == JsonValueKind.Object || fields.ValueKind == JsonValueKind.Array, "section has neither text nor fields");
                    if (sectionText.ValueKind == JsonValueKind.Object)
                        TextObject(check, sectionText, 3000, "section text");
                    check.Require(fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() <= 10, "section has more than 10 fields");
                    foreach (var field in Items(fields))
                        TextObject(check, field, 2000, "section field");
                    break;
                case "context":
                    foreach (var element in Items(Prop(block, "elements")))
                        TextObject(check, element, 3000, "context element");
                    break;
                case "actions":
                    var elements = Prop(block, "elements");
                    check.Require(elements.GetArrayLength() is > 0 and <= 25, "actions needs 1 to 25 elements");
                    foreach (var button in Items(elements))
                    {
                        check.Require(Str(button, "type") == "button", "actions element is not a button");
                        var label = Prop(button, "text");
                        check.Require(Str(label, "type") == "plain_text" && Str(label, "text") is { Length: > 0 and <= 75 }, "button text not plain_text of 1 to 75 characters");
                        var style = Str(button, "style");
                        check.Require(style is null or "primary" or "danger", $"button style '{style}' is neither primary nor danger");
                        primaries += style == "primary" ? 1 : 0;
                        var url = Str(button, "url");
                        check.Require(url is null || url.Length <= 3000, "button url longer than 3000");
                        check.Button(Str(label, "text"), url);
                    }
                    break;
                case "divider":
                    break;
                default:
                    check.Fail($"unknown block type '{Str(block, "type")}'");
                    break;
            }
        }
        check.Require(primaries <= 1, "more than one primary button");
    }

    private static void TextObject(PayloadCheck check, JsonElement element, int max, string what)
    {
        var type = Str(element, "type");
        var text = Str(element, "text");
        check.Require(type is "plain_text" or "mrkdwn", $"{what} type '{type}' is neither plain_text nor mrkdwn");
        check.Require(text is { Length: > 0 } && text.Length <= max, $"{what} empty or longer than {max}");
        if (type == "mrkdwn")
            Mrkdwn(check, text);
        else
            check.AddText(text);
    }

    private static void Mrkdwn(PayloadCheck check, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        check.AddText(text);
        foreach (var (label, url) in MarkupScan.SlackLinks(text))
            MarkupScan.AddLink(check, label, url);
        check.Mentions.AddRange(MarkupScan.SlackMentions(text));
    }
}
