namespace K8sAiops.Activities.Notify;

/// <summary>The generic JSON webhook channel (section <c>Notify:Webhook</c>).</summary>
public sealed class WebhookNotifyOptions
{
    public const string SectionName = "Notify:Webhook";

    /// <summary>Where diagnoses are posted as JSON. <value>Default: none (the channel is off).</value></summary>
    public Uri? Url { get; set; }
}
