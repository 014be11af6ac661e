namespace K8sAiops.Activities.Analyze;

/// <summary>What the analysis needs to know of the alert: one alert of an Alertmanager webhook group.</summary>
/// <param name="Status"><c>firing</c> or <c>resolved</c>.</param>
public sealed record AlertInfo(
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt = null,
    string? Fingerprint = null)
{
    public string AlertName => Labels.TryGetValue("alertname", out var name) ? name : "";
}
