namespace K8sAiops.Functions.Alerts;

/// <summary>The body Alertmanager posts to a webhook receiver (<c>"version": "4"</c>).</summary>
public sealed record AlertmanagerWebhook
{
    public string Version { get; init; } = "";
    public string GroupKey { get; init; } = "";
    public string Status { get; init; } = "";
    public string Receiver { get; init; } = "";
    public Dictionary<string, string> GroupLabels { get; init; } = [];
    public Dictionary<string, string> CommonLabels { get; init; } = [];
    public Dictionary<string, string> CommonAnnotations { get; init; } = [];
    public string? ExternalUrl { get; init; }
    public int TruncatedAlerts { get; init; }
    public List<AlertmanagerAlert> Alerts { get; init; } = [];
}

/// <summary>One alert of a webhook body.</summary>
public sealed record AlertmanagerAlert
{
    public string Status { get; init; } = "";
    public Dictionary<string, string> Labels { get; init; } = [];
    public Dictionary<string, string> Annotations { get; init; } = [];
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string? GeneratorUrl { get; init; }
    public string Fingerprint { get; init; } = "";
}
