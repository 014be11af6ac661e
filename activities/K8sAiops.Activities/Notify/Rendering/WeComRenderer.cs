using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// WeCom group robot. <c>markdown</c> (default): bold title, coloured severity, summary, facts as quotes, detail
/// lines, Approve/Reject as links and the full-report link last, within 4096 UTF-8 bytes of content; untrusted text
/// has markup characters in full-width form. <c>template_card</c>: a text_notice card (plain text fields clipped to
/// the recommended lengths) with Approve, Reject and Full report in its jump list.
/// </summary>
public sealed class WeComRenderer : IChannelRenderer
{
    /// <summary>Most UTF-8 bytes of <c>markdown.content</c>.</summary>
    public const int MaxContentBytes = 4096;

    public const int MaxTitleChars = 26;
    public const int MaxDescChars = 30;
    public const int MaxSubTitleChars = 112;
    public const int MaxHorizontalItems = 6;
    public const int MaxKeyNameChars = 5;
    public const int MaxJumps = 3;
    public const int MaxJumpTitleChars = 13;

    public string Kind => ChannelKinds.WeCom;

    public ChannelPost Render(RenderRequest request)
    {
        if (request.Channel.Format == ChannelFormats.TemplateCard && TemplateCard(request) is { } card)
            return new ChannelPost(request.Channel.Url, card);
        var content = CardFitter.Fit(request.Message, c => Markdown(c, request), t => ChatText.Utf8Bytes(t) <= MaxContentBytes);
        var body = new JsonObject { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["content"] = content } };
        return new ChannelPost(request.Channel.Url, ChatText.Serialize(body));
    }

    private static string Markdown(CardContent card, RenderRequest request)
    {
        var message = request.Message;
        var color = ChatSeverities.Rank(message.Severity) switch { 0 => "info", 2 => "warning", _ => "comment" };
        var text = new StringBuilder();
        text.Append("**").Append(ChatText.FullWidthMarkdown(card.Title.Length > 0 ? card.Title : "Alert")).Append("**\n");
        text.Append("<font color=\"").Append(color).Append("\">").Append(ChatText.FullWidthMarkdown(message.Severity.ToUpperInvariant())).Append("</font>");
        if (message.Namespace is { Length: > 0 } ns)
            text.Append("　namespace ").Append(ChatText.FullWidthMarkdown(ns));
        text.Append('\n');
        if (card.Summary.Length > 0)
            text.Append(ChatText.FullWidthMarkdown(card.Summary)).Append('\n');
        foreach (var fact in card.Facts)
            text.Append("> ").Append(ChatText.FullWidthMarkdown(fact.Title)).Append(": ").Append(ChatText.FullWidthMarkdown(fact.Value)).Append('\n');
        foreach (var line in card.Lines)
            text.Append(ChatText.FullWidthMarkdown(line)).Append('\n');
        if (request.Links is { } links)
            text.Append("[Approve](").Append(TeamsRenderer.LinkTarget(links.Approve)).Append(")　[Reject](").Append(TeamsRenderer.LinkTarget(links.Reject)).Append(")\n");
        if (card.Shortened)
            text.Append("Shortened to fit WeCom. ");
        if (ChatText.FullReport(message) is { } report)
            text.Append("[Full report](").Append(TeamsRenderer.LinkTarget(report)).Append(')');
        return text.ToString().TrimEnd();
    }

    /// <summary>The text_notice card, or null when there is no URL for its required card_action.</summary>
    private static string? TemplateCard(RenderRequest request)
    {
        var message = request.Message;
        var report = ChatText.FullReport(message);
        var action = request.Links?.Page ?? report;
        if (action is null)
            return null;

        var jumps = new JsonArray();
        if (request.Links is { } links)
        {
            jumps.Add(Jump("Approve", links.Approve));
            jumps.Add(Jump("Reject", links.Reject));
        }
        if (report is not null)
            jumps.Add(Jump("Full report", report));

        var facts = new JsonArray();
        foreach (var fact in message.Facts.Take(MaxHorizontalItems))
        {
            facts.Add(new JsonObject
            {
                ["keyname"] = CardFitter.Clip(CardFitter.OneLine(fact.Title), MaxKeyNameChars),
                ["value"] = CardFitter.Clip(CardFitter.OneLine(fact.Value), MaxSubTitleChars),
            });
        }

        var desc = message.Namespace is { Length: > 0 } ns ? $"{message.Severity.ToUpperInvariant()} {ns}" : message.Severity.ToUpperInvariant();
        var card = new JsonObject
        {
            ["card_type"] = "text_notice",
            ["main_title"] = new JsonObject
            {
                ["title"] = CardFitter.Clip(CardFitter.OneLine(message.Title), MaxTitleChars),
                ["desc"] = CardFitter.Clip(desc, MaxDescChars),
            },
            ["sub_title_text"] = CardFitter.Clip(CardFitter.OneLine(message.Summary), MaxSubTitleChars),
        };
        if (facts.Count > 0)
            card["horizontal_content_list"] = facts;
        if (jumps.Count > 0)
            card["jump_list"] = jumps;
        card["card_action"] = new JsonObject { ["type"] = 1, ["url"] = action.AbsoluteUri };
        return ChatText.Serialize(new JsonObject { ["msgtype"] = "template_card", ["template_card"] = card });
    }

    private static JsonObject Jump(string title, Uri url) => new() { ["type"] = 1, ["title"] = CardFitter.Clip(title, MaxJumpTitleChars), ["url"] = url.AbsoluteUri };
}
