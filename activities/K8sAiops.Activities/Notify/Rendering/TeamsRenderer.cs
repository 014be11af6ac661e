using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// Microsoft Teams Workflows webhook: a <c>message</c> with one Adaptive Card 1.4 attachment (the Workflows template
/// loops over <c>attachments</c>). TextBlocks wrap; facts are a FactSet; Approve and Reject are Action.OpenUrl. Untrusted
/// text has its Markdown characters backslash-escaped. The whole JSON stays under 28 KB.
/// </summary>
public sealed class TeamsRenderer : IChannelRenderer
{
    /// <summary>Most UTF-8 bytes of the whole body (Teams refuses ~28 KB and more).</summary>
    public const int MaxBodyBytes = 28_000;

    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string Kind => ChannelKinds.Teams;

    public ChannelPost Render(RenderRequest request)
    {
        var json = CardFitter.Fit(request.Message, c => Build(c, request), j => ChatText.Utf8Bytes(j) < MaxBodyBytes);
        return new ChannelPost(request.Channel.Url, json);
    }

    private static string Build(CardContent card, RenderRequest request)
    {
        var message = request.Message;
        var body = new JsonArray
        {
            Text(ChatText.TeamsMarkdown(card.Title.Length > 0 ? card.Title : "Alert"), ("weight", "Bolder"), ("size", "Medium")),
        };
        if (card.Summary.Length > 0)
            body.Add(Text(ChatText.TeamsMarkdown(card.Summary)));

        var facts = new JsonArray { Fact("Severity", message.Severity) };
        if (message.Namespace is { Length: > 0 } ns)
            facts.Add(Fact("Namespace", ns));
        foreach (var fact in card.Facts)
            facts.Add(Fact(fact.Title, fact.Value));
        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });

        foreach (var line in card.Lines)
            body.Add(Text(ChatText.TeamsMarkdown(line), ("spacing", "None"), ("fontType", "Monospace"), ("size", "Small")));

        var report = ChatText.FullReport(message);
        var closing = (card.Shortened ? "_Shortened to fit Teams._ " : "") + (report is null ? "" : $"[Full report]({LinkTarget(report)})");
        if (closing.Length > 0)
            body.Add(Text(closing.Trim()));

        var content = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (request.Links is { } links)
        {
            content["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Approve", ["url"] = links.Approve.AbsoluteUri },
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Reject", ["url"] = links.Reject.AbsoluteUri },
            };
        }

        var root = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = AdaptiveCardContentType, ["contentUrl"] = null, ["content"] = content },
            },
        };
        return ChatText.Serialize(root);
    }

    private static JsonObject Text(string text, params (string Name, string Value)[] properties)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        foreach (var (name, value) in properties)
            block[name] = value;
        return block;
    }

    private static JsonObject Fact(string title, string value)
        => new() { ["title"] = ChatText.TeamsMarkdown(title), ["value"] = ChatText.TeamsMarkdown(value) };

    /// <summary>A URL safe inside <c>[label](url)</c>.</summary>
    internal static string LinkTarget(Uri url)
        => url.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
}
