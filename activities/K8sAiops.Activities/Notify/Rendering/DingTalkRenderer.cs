using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// DingTalk custom robot. <c>actionCard</c> (default): Markdown text ending with the full-report link, and Approve and
/// Reject buttons side by side (a single "Full report" button when nothing is to be approved). <c>markdown</c>: the
/// same text with the buttons as links. Untrusted text has markup characters in full-width form; the body stays within
/// 20,000 bytes; <c>msgUuid</c> is stable per card and channel. With a secret the URL gets <c>timestamp</c> and <c>sign</c>.
/// </summary>
public sealed class DingTalkRenderer : IChannelRenderer
{
    /// <summary>Most UTF-8 bytes of the whole body.</summary>
    public const int MaxBodyBytes = 20_000;

    public const int MaxTitleChars = 100;

    public string Kind => ChannelKinds.DingTalk;

    public ChannelPost Render(RenderRequest request)
    {
        var report = ChatText.FullReport(request.Message);
        var asCard = request.Channel.Format != ChannelFormats.Markdown && (request.Links is not null || report is not null);
        var json = CardFitter.Fit(request.Message, c => Build(c, request, asCard), j => ChatText.Utf8Bytes(j) <= MaxBodyBytes);
        return new ChannelPost(SignedUrl(request), json);
    }

    private static string Build(CardContent card, RenderRequest request, bool asCard)
    {
        var message = request.Message;
        var title = card.Title.Length > 0 ? card.Title : "Alert";
        var text = new StringBuilder();
        text.Append("### ").Append(ChatText.FullWidthMarkdown(title)).Append("\n\n");
        text.Append("**Severity:** ").Append(ChatText.FullWidthMarkdown(message.Severity));
        if (message.Namespace is { Length: > 0 } ns)
            text.Append("　**Namespace:** ").Append(ChatText.FullWidthMarkdown(ns));
        text.Append("\n\n");
        if (card.Summary.Length > 0)
            text.Append(ChatText.FullWidthMarkdown(card.Summary)).Append("\n\n");
        foreach (var fact in card.Facts)
            text.Append("- **").Append(ChatText.FullWidthMarkdown(fact.Title)).Append(":** ").Append(ChatText.FullWidthMarkdown(fact.Value)).Append('\n');
        if (card.Facts.Count > 0)
            text.Append('\n');
        foreach (var line in card.Lines)
            text.Append("> ").Append(ChatText.FullWidthMarkdown(line)).Append("\n\n");
        if (!asCard && request.Links is { } links)
            text.Append("[Approve](").Append(TeamsRenderer.LinkTarget(links.Approve)).Append(")　[Reject](").Append(TeamsRenderer.LinkTarget(links.Reject)).Append(")\n\n");
        if (card.Shortened)
            text.Append("Shortened to fit DingTalk. ");
        var report = ChatText.FullReport(message);
        if (report is not null)
            text.Append("[Full report](").Append(TeamsRenderer.LinkTarget(report)).Append(')');

        var preview = CardFitter.Clip($"{ChatText.SeverityTag(message.Severity)} {title}", MaxTitleChars);
        var root = new JsonObject();
        if (asCard)
        {
            var actionCard = new JsonObject { ["title"] = preview, ["text"] = text.ToString().TrimEnd() };
            if (request.Links is { } buttons)
            {
                actionCard["btnOrientation"] = "1";
                actionCard["btns"] = new JsonArray
                {
                    new JsonObject { ["title"] = "Approve", ["actionURL"] = buttons.Approve.AbsoluteUri },
                    new JsonObject { ["title"] = "Reject", ["actionURL"] = buttons.Reject.AbsoluteUri },
                };
            }
            else
            {
                actionCard["singleTitle"] = "Full report";
                actionCard["singleURL"] = report!.AbsoluteUri;
            }
            root["msgtype"] = "actionCard";
            root["actionCard"] = actionCard;
        }
        else
        {
            root["msgtype"] = "markdown";
            root["markdown"] = new JsonObject { ["title"] = preview, ["text"] = text.ToString().TrimEnd() };
        }
        root["msgUuid"] = ChannelSigning.StableId(request.IdempotencyKey, request.Channel.Name);
        return ChatText.Serialize(root);
    }

    private static Uri SignedUrl(RenderRequest request)
    {
        if (request.Channel.Secret is not { } secret)
            return request.Channel.Url;
        var timestamp = request.Now.ToUnixTimeMilliseconds();
        var sign = Uri.EscapeDataString(ChannelSigning.DingTalk(secret, timestamp));
        var url = request.Channel.Url.AbsoluteUri;
        var separator = request.Channel.Url.Query.Length > 1 ? "&" : url.EndsWith('?') ? "" : "?";
        return new Uri($"{url}{separator}timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={sign}");
    }
}
