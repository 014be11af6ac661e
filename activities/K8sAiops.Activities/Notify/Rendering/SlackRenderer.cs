using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// Slack incoming webhook, Block Kit: a header, the summary and detail lines as plain text (Slack parses nothing in
/// it), facts as mrkdwn fields with <c>&amp; &lt; &gt;</c> escaped, the full-report link, then Approve (primary) and
/// Reject (danger) in their own actions block. The top-level <c>text</c> is the notification fallback.
/// </summary>
public sealed class SlackRenderer : IChannelRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxHeaderChars = 150;
    public const int MaxSectionChars = 3000;
    public const int MaxFields = 10;
    public const int MaxFieldChars = 2000;

    /// <summary>Our cap on the whole body (Slack cuts message text above 40,000 characters).</summary>
    public const int MaxBodyChars = 40_000;

    private const int MaxFallbackChars = 300;

    public string Kind => ChannelKinds.Slack;

    public ChannelPost Render(RenderRequest request)
    {
        var (json, _) = CardFitter.Fit(request.Message, c => Build(c, request), r => r.Blocks <= MaxBlocks && r.Json.Length <= MaxBodyChars);
        return new ChannelPost(request.Channel.Url, json);
    }

    private static (string Json, int Blocks) Build(CardContent card, RenderRequest request)
    {
        var message = request.Message;
        var title = card.Title.Length > 0 ? card.Title : "Alert";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(CardFitter.Clip(title, MaxHeaderChars)) },
        };
        if (card.Summary.Length > 0)
            blocks.Add(Section(PlainText(CardFitter.Clip(card.Summary, MaxSectionChars))));

        var fields = new List<JsonNode> { Field("Severity", message.Severity) };
        if (message.Namespace is { Length: > 0 } ns)
            fields.Add(Field("Namespace", ns));
        fields.AddRange(card.Facts.Select(f => Field(f.Title, f.Value)));
        foreach (var chunk in fields.Chunk(MaxFields))
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk]) });

        foreach (var chunk in Chunks(card.Lines, MaxSectionChars))
            blocks.Add(Section(PlainText(chunk)));

        var report = ChatText.FullReport(message);
        var closing = (card.Shortened ? "_Shortened to fit Slack._ " : "") + (report is null ? "" : $"<{LinkTarget(report)}|Full report>");
        if (closing.Length > 0)
            blocks.Add(Section(new JsonObject { ["type"] = "mrkdwn", ["text"] = closing.Trim(), ["verbatim"] = true }));

        if (request.Links is { } links)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    Button("Approve", links.Approve, "primary"),
                    Button("Reject", links.Reject, "danger"),
                },
            });
        }

        var fallback = CardFitter.Clip($"{ChatText.SeverityTag(message.Severity)} {title}" + (card.Summary.Length > 0 ? $": {CardFitter.OneLine(card.Summary)}" : ""), MaxFallbackChars);
        var body = new JsonObject { ["text"] = ChatText.SlackMrkdwn(fallback), ["blocks"] = blocks };
        return (ChatText.Serialize(body), blocks.Count);
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = false };

    private static JsonObject Section(JsonObject text) => new() { ["type"] = "section", ["text"] = text };

    private static JsonObject Field(string title, string value) => new()
    {
        ["type"] = "mrkdwn",
        ["text"] = CardFitter.Clip($"*{ChatText.SlackMrkdwn(title)}*\n{ChatText.SlackMrkdwn(value)}", MaxFieldChars),
        ["verbatim"] = true,
    };

    private static JsonObject Button(string label, Uri url, string style) => new()
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
        ["style"] = style,
        ["url"] = url.AbsoluteUri,
    };

    /// <summary>A URL safe inside <c>&lt;url|label&gt;</c>.</summary>
    private static string LinkTarget(Uri url)
        => url.AbsoluteUri.Replace("|", "%7C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal);

    /// <summary>The lines joined with newlines into pieces of at most <paramref name="max"/> characters.</summary>
    internal static IEnumerable<string> Chunks(IEnumerable<string> lines, int max)
    {
        var current = new StringBuilder();
        foreach (var line in lines)
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > max)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (current.Length > 0)
                current.Append('\n');
            current.Append(line.Length > max ? CardFitter.Clip(line, max) : line);
        }
        if (current.Length > 0)
            yield return current.ToString();
    }
}
