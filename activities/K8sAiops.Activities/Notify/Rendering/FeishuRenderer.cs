using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// Feishu/Lark custom bot, card JSON 2.0: a coloured header (red critical, orange warning, blue info), Markdown with
/// untrusted text escaped as <c>&amp;#NN;</c>, the full-report link, Approve and Reject buttons that open their URLs.
/// With a secret, <c>timestamp</c> and <c>sign</c> go at the top of the body. The body stays within 20 KB.
/// </summary>
public sealed class FeishuRenderer : IChannelRenderer
{
    /// <summary>Most UTF-8 bytes of the whole body.</summary>
    public const int MaxBodyBytes = 20_000;

    public const int MaxButtonChars = 100;

    public string Kind => ChannelKinds.Feishu;

    public ChannelPost Render(RenderRequest request)
    {
        var json = CardFitter.Fit(request.Message, c => Build(c, request), j => ChatText.Utf8Bytes(j) <= MaxBodyBytes);
        return new ChannelPost(request.Channel.Url, json);
    }

    /// <summary>The header colour for a severity.</summary>
    public static string Template(string severity) => ChatSeverities.Rank(severity) switch
    {
        0 => "blue",
        2 => "red",
        _ => "orange",
    };

    private static string Build(CardContent card, RenderRequest request)
    {
        var message = request.Message;
        var text = new StringBuilder();
        text.Append("**Severity:** ").Append(ChatText.FeishuMarkdown(message.Severity));
        if (message.Namespace is { Length: > 0 } ns)
            text.Append("　**Namespace:** ").Append(ChatText.FeishuMarkdown(ns));
        if (card.Summary.Length > 0)
            text.Append('\n').Append(ChatText.FeishuMarkdown(card.Summary));
        foreach (var fact in card.Facts)
            text.Append("\n**").Append(ChatText.FeishuMarkdown(fact.Title)).Append(":** ").Append(ChatText.FeishuMarkdown(fact.Value));

        var elements = new JsonArray { Markdown(text.ToString()) };
        if (card.Lines.Count > 0)
            elements.Add(Markdown(string.Join('\n', card.Lines.Select(ChatText.FeishuMarkdown))));

        var report = ChatText.FullReport(message);
        var closing = (card.Shortened ? "*Shortened to fit Feishu.* " : "") + (report is null ? "" : $"[Full report]({TeamsRenderer.LinkTarget(report)})");
        if (closing.Length > 0)
            elements.Add(Markdown(closing.Trim()));
        if (request.Links is { } links)
        {
            elements.Add(Button("Approve", links.Approve, "primary_filled"));
            elements.Add(Button("Reject", links.Reject, "danger_filled"));
        }

        var root = new JsonObject();
        if (request.Channel.Secret is { } secret)
        {
            var timestamp = request.Now.ToUnixTimeSeconds();
            root["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            root["sign"] = ChannelSigning.Feishu(secret, timestamp);
        }
        root["msg_type"] = "interactive";
        root["card"] = new JsonObject
        {
            ["schema"] = "2.0",
            ["header"] = new JsonObject
            {
                ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = card.Title.Length > 0 ? card.Title : "Alert" },
                ["template"] = Template(message.Severity),
            },
            ["body"] = new JsonObject { ["elements"] = elements },
        };
        return ChatText.Serialize(root);
    }

    private static JsonObject Markdown(string content) => new() { ["tag"] = "markdown", ["content"] = content };

    private static JsonObject Button(string label, Uri url, string type) => new()
    {
        ["tag"] = "button",
        ["text"] = new JsonObject { ["tag"] = "plain_text", ["content"] = label },
        ["type"] = type,
        ["behaviors"] = new JsonArray { new JsonObject { ["type"] = "open_url", ["default_url"] = url.AbsoluteUri } },
    };
}
