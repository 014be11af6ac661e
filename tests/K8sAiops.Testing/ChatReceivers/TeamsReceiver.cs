using System.Globalization;
using System.Text.Json;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>
/// Teams Workflows webhook ("When a Teams webhook request is received"): <c>type: message</c> with a non-empty
/// <c>attachments</c> array of <c>application/vnd.microsoft.card.adaptive</c> cards (version ≤1.5), TextBlocks that wrap,
/// FactSets, Action.OpenUrl actions; the whole body under 28 KB. Answers 202 with an empty body; 413 when too large;
/// throttles with 429 and <c>Retry-After: 1</c>. No signing (the URL's <c>sig</c> is the credential).
/// </summary>
public sealed class TeamsReceiver(TimeProvider? time = null)
    : ChatReceiver("workflows/0f1e2d3c/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=test-signature", null, time)
{
    public const int MaxBodyBytes = 28 * 1024;

    protected override ChatFault Throttled => ChatFault.TooManyRequests(1);

    protected override ChatFault Success => new(202, "", "text/plain; charset=utf-8");

    protected override ChatFault BadPayload => new(400, """{"error":{"code":"InvalidRequestContent","message":"The input body for trigger 'manual' of type 'Request' did not match its schema definition."}}""");

    protected override void Check(PayloadCheck check)
    {
        var root = check.Payload;
        check.Require(Utf8Bytes(check.Request.Body) < MaxBodyBytes, "body is 28 KB or more", new ChatFault(413, "Request Entity too large", "text/plain; charset=utf-8"));
        check.Require(Str(root, "type") == "message", "type is not 'message'");
        var attachments = Prop(root, "attachments");
        check.Require(attachments.ValueKind == JsonValueKind.Array && attachments.GetArrayLength() > 0,
            "attachments missing (the flow fails: foreach ... of type 'Null')");
        foreach (var attachment in Items(attachments))
        {
            check.Require(Str(attachment, "contentType") == "application/vnd.microsoft.card.adaptive", "attachment contentType is not application/vnd.microsoft.card.adaptive");
            var card = Prop(attachment, "content");
            check.Require(Str(card, "type") == "AdaptiveCard", "content.type is not AdaptiveCard");
            check.Require(double.TryParse(Str(card, "version"), CultureInfo.InvariantCulture, out var version) && version <= 1.5, "card version missing or above 1.5");
            Elements(check, Prop(card, "body"));
            foreach (var action in Items(Prop(card, "actions")))
            {
                check.Require(Str(action, "type") == "Action.OpenUrl", $"action type '{Str(action, "type")}' is not Action.OpenUrl");
                check.Require(Str(action, "title") is { Length: > 0 }, "action has no title");
                check.Button(Str(action, "title"), Str(action, "url"));
            }
        }
    }

    private static void Elements(PayloadCheck check, JsonElement elements)
    {
        check.Require(elements.ValueKind == JsonValueKind.Array, "card body is not an array");
        foreach (var element in Items(elements))
        {
            switch (Str(element, "type"))
            {
                case "TextBlock":
                    check.Require(Str(element, "text") is not null, "TextBlock without text");
                    check.Require(Prop(element, "wrap").ValueKind == JsonValueKind.True, "TextBlock without wrap=true (it shows one clipped line)");
                    MarkupScan.AddMarkdown(check, Str(element, "text"));
                    break;
                case "FactSet":
                    foreach (var fact in Items(Prop(element, "facts")))
                    {
                        check.Require(Str(fact, "title") is not null && Str(fact, "value") is not null, "fact without title or value");
                        MarkupScan.AddMarkdown(check, Str(fact, "title"));
                        MarkupScan.AddMarkdown(check, Str(fact, "value"));
                    }
                    break;
                case "Container":
                    Elements(check, Prop(element, "items"));
                    break;
                default:
                    check.Fail($"unexpected element type '{Str(element, "type")}'");
                    break;
            }
        }
    }
}
