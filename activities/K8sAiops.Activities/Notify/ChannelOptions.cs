namespace K8sAiops.Activities.Notify;

/// <summary>One chat channel (<c>Notify:Channels:N</c>): where to post, how to sign, which cards it wants.</summary>
public sealed class ChannelOptions
{
    /// <summary>One of <see cref="ChannelKinds.All"/> (case-insensitive; <c>Lark</c> means Feishu). <value>Required.</value></summary>
    public string? Kind { get; set; }

    /// <summary>The channel's name: approval links and delivery records carry it. <value>Default: <c>{kind}-{index}</c>, e.g. <c>slack-0</c>.</value></summary>
    public string? Name { get; set; }

    /// <summary>The platform's webhook URL (absolute http or https; keep it secret, it is the credential). <value>Required.</value></summary>
    public string? Url { get; set; }

    /// <summary>
    /// The signing secret: Feishu's signature key, DingTalk's <c>SEC…</c> secret, the generic webhook's Standard Webhooks
    /// key (<c>whsec_</c>+Base64, or any text). Slack, Teams and WeCom sign nothing. <value>Default: none (unsigned).</value>
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Cards below this severity are skipped: <c>info</c>, <c>warning</c> or <c>critical</c>. <value>Default: info (all).</value></summary>
    public string MinSeverity { get; set; } = ChatSeverities.Info;

    /// <summary>Only cards about these namespaces; a card with no namespace is skipped then. <value>Default: empty (all).</value></summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>WeCom: <c>markdown</c> or <c>template_card</c>; DingTalk: <c>actionCard</c> or <c>markdown</c>. <value>Default: the first of those.</value></summary>
    public string? Format { get; set; }
}
