namespace K8sAiops.Activities.Notify;

/// <summary>The chat platforms a channel can post to (<c>Notify:Channels:N:Kind</c>).</summary>
public static class ChannelKinds
{
    public const string Slack = "Slack";
    public const string Teams = "Teams";

    /// <summary>Feishu and Lark: the same custom-bot API; the URL's host decides which.</summary>
    public const string Feishu = "Feishu";
    public const string WeCom = "WeCom";
    public const string DingTalk = "DingTalk";

    /// <summary>The generic JSON webhook (the whole diagnosis, optionally signed the Standard Webhooks way).</summary>
    public const string Webhook = "Webhook";

    public static IReadOnlyList<string> All { get; } = [Slack, Teams, Feishu, WeCom, DingTalk, Webhook];

    /// <summary>The canonical kind for a configured value (case-insensitive; <c>Lark</c> is Feishu); null when unknown.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var trimmed = value.Trim();
        if (trimmed.Equals("Lark", StringComparison.OrdinalIgnoreCase))
            return Feishu;
        return All.FirstOrDefault(k => k.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The message forms a channel can choose with <c>Notify:Channels:N:Format</c>.</summary>
public static class ChannelFormats
{
    /// <summary>WeCom's default: a markdown message, links for buttons.</summary>
    public const string Markdown = "markdown";

    /// <summary>WeCom: a text_notice template card with jump buttons.</summary>
    public const string TemplateCard = "template_card";

    /// <summary>DingTalk's default: an actionCard with buttons.</summary>
    public const string ActionCard = "actionCard";

    /// <summary>The formats each kind accepts, its default first; kinds not listed have one form only.</summary>
    public static IReadOnlyDictionary<string, string[]> ByKind { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ChannelKinds.WeCom] = [Markdown, TemplateCard],
        [ChannelKinds.DingTalk] = [ActionCard, Markdown],
    };
}
