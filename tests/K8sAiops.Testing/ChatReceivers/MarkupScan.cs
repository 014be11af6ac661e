using System.Text.RegularExpressions;

namespace K8sAiops.Testing.ChatReceivers;

/// <summary>Finds the links and mentions a platform's renderer would act on in a piece of markup.</summary>
public static partial class MarkupScan
{
    /// <summary>Markdown links <c>[label](url)</c> whose opening bracket is not backslash-escaped.</summary>
    public static IEnumerable<(string Label, string Url)> MarkdownLinks(string text)
        => MarkdownLink().Matches(text).Select(m => (m.Groups["label"].Value, m.Groups["url"].Value));

    /// <summary>Slack mrkdwn links <c>&lt;url|label&gt;</c> and <c>&lt;url&gt;</c>.</summary>
    public static IEnumerable<(string Label, string Url)> SlackLinks(string text)
        => SlackLink().Matches(text).Select(m => (m.Groups["label"].Value, m.Groups["url"].Value));

    /// <summary>Slack special mentions and user, channel or group references: <c>&lt;!channel&gt;</c>, <c>&lt;@U1&gt;</c>, <c>&lt;#C1&gt;</c>.</summary>
    public static IEnumerable<string> SlackMentions(string text) => SlackMention().Matches(text).Select(m => m.Value);

    /// <summary><c>&lt;at …&gt;</c> (Feishu, Teams) and <c>&lt;@…&gt;</c> (WeCom) not preceded by a backslash.</summary>
    public static IEnumerable<string> AtTags(string text) => AtTag().Matches(text).Select(m => m.Value);

    internal static void AddMarkdown(PayloadCheck check, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        check.AddText(text);
        foreach (var (label, url) in MarkdownLinks(text))
            AddLink(check, label, url);
        check.Mentions.AddRange(AtTags(text));
    }

    internal static void AddLink(PayloadCheck check, string label, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            check.Links.Add(uri);
            if (label == "Approve")
                check.ApproveUrl ??= uri;
            else if (label == "Reject")
                check.RejectUrl ??= uri;
        }
    }

    [GeneratedRegex(@"(?<!\\)\[(?<label>[^\]\n]*)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<(?<url>[a-z][a-z0-9+.-]*:[^|>\s]+)(\|(?<label>[^>]*))?>", RegexOptions.IgnoreCase)]
    private static partial Regex SlackLink();

    [GeneratedRegex(@"<[!@#][^>]*>")]
    private static partial Regex SlackMention();

    [GeneratedRegex(@"(?<!\\)<(at\b[^>]*|@[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();
}
