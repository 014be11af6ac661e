using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Notify.Rendering;

/// <summary>
/// Escaping of untrusted text (pod names, log lines) for each platform's markup, so that it shows as typed and can
/// neither mention anyone, nor link anywhere, nor format the card.
/// </summary>
internal static class ChatText
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON with non-ASCII text kept as UTF-8 (platforms count bytes).</summary>
    public static string Serialize(JsonNode node) => node.ToJsonString(Json);

    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>Slack mrkdwn: <c>&amp; &lt; &gt;</c> as entities (what turns <c>&lt;!channel&gt;</c> into text), per Slack's formatting guide.</summary>
    public static string SlackMrkdwn(string text)
        => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Adaptive Card Markdown (Teams): a backslash before every character that starts markup (<c>* _ ~ [ ] ( ) &lt; &gt; # `</c> …),
    /// and before <c>-</c>, <c>+</c> or <c>1.</c> that would open a list at a line's start.
    /// </summary>
    public static string TeamsMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\\' or '*' or '_' or '~' or '[' or ']' or '(' or ')' or '<' or '>' or '#' or '`' or '|' or '{' or '}' or '!')
                builder.Append('\\');
            else if (lineStart && c is '-' or '+' or '=')
                builder.Append('\\');
            else if (lineStart && char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                    end++;
                if (end < text.Length && text[end] is '.' or ')')
                {
                    builder.Append(text, i, end - i).Append('\\').Append(text[end]);
                    i = end;
                    lineStart = false;
                    continue;
                }
            }
            builder.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return builder.ToString();
    }

    /// <summary>
    /// Feishu card Markdown: markup characters as HTML character references (<c>&amp;#42;</c> for <c>*</c>), the escape the
    /// rich-text guide gives (<c>-</c> and <c>+</c> only where they would open a list); <c>&amp;</c> too, so an entity in the text stays text.
    /// </summary>
    public static string FeishuMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        foreach (var c in text)
        {
            if (c is '&' or '*' or '~' or '>' or '<' or '[' or ']' or '(' or ')' or '_' or '`' or '#' or '\\' || (lineStart && c is '-' or '+'))
                builder.Append("&#").Append((int)c).Append(';');
            else
                builder.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return builder.ToString();
    }

    /// <summary>
    /// WeCom and DingTalk Markdown, which document no escape: characters that start markup (<c>&lt; &gt; [ ] * ` #</c>, and
    /// <c>&amp;</c> so no entity turns into one) become their full-width forms, which read the same and mean nothing.
    /// </summary>
    public static string FullWidthMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '<' => '＜',
                '>' => '＞',
                '[' => '［',
                ']' => '］',
                '*' => '＊',
                '`' => '｀',
                '#' => '＃',
                '&' => '＆',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>The link the card ends with: the full report, else the status page.</summary>
    public static Uri? FullReport(ChatMessage message) => message.ReportUrl ?? message.StatusUrl;

    /// <summary>"[CRITICAL] " etc. before a title in plain-text previews.</summary>
    public static string SeverityTag(string severity) => $"[{severity.Trim().ToUpperInvariant()}]";
}
