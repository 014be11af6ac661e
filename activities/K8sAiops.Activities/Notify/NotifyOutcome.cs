using System.Text.Json.Serialization;

namespace K8sAiops.Activities.Notify;

/// <summary>What <see cref="NotifyChannels"/> did with a card, channel by channel (in configuration order).</summary>
public sealed record NotifyOutcome(List<ChannelDelivery> Deliveries)
{
    /// <summary>The channels the card reached (now or by an earlier delivery of the same activity).</summary>
    [JsonIgnore]
    public IReadOnlyList<ChannelDelivery> Delivered => [.. Deliveries.Where(d => d.Status is DeliveryStatuses.Sent or DeliveryStatuses.Duplicate)];

    /// <summary>The channels that should have had the card and did not.</summary>
    [JsonIgnore]
    public IReadOnlyList<ChannelDelivery> Failed => [.. Deliveries.Where(d => d.Status == DeliveryStatuses.Failed)];

    /// <summary>True when some channel took the card and none of those that should have failed.</summary>
    [JsonIgnore]
    public bool AllDelivered => Failed.Count == 0 && Delivered.Count > 0;

    /// <summary>One line for a status page: <c>sent: slack-0, teams-1; failed: feishu-2 (code 19021: …)</c>.</summary>
    public string Describe()
    {
        var parts = Deliveries.GroupBy(d => d.Status).Select(g => g.Key == DeliveryStatuses.Failed
            ? $"{g.Key}: {string.Join(", ", g.Select(d => $"{d.Channel} ({d.Detail})"))}"
            : $"{g.Key}: {string.Join(", ", g.Select(d => d.Channel))}");
        var text = string.Join("; ", parts);
        return text.Length == 0 ? "no channel configured" : text;
    }
}

/// <summary>One channel's delivery of a card.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Kind">One of <see cref="ChannelKinds"/>.</param>
/// <param name="Status">One of <see cref="DeliveryStatuses"/>.</param>
/// <param name="Detail">Why skipped, the platform's error text, or what it answered.</param>
/// <param name="Attempts">Posts made by this run (0 when skipped or a duplicate).</param>
public sealed record ChannelDelivery(string Channel, string Kind, string Status, string Detail, int Attempts);

/// <summary>The states of a <see cref="ChannelDelivery"/>.</summary>
public static class DeliveryStatuses
{
    public const string Sent = "sent";

    /// <summary>The channel's filters (severity, namespaces, the card's channel list) did not match.</summary>
    public const string Skipped = "skipped";

    /// <summary>A permanent error, or transient ones until the retries ran out.</summary>
    public const string Failed = "failed";

    /// <summary>An earlier delivery of the same activity sent it (or is sending it); nothing was posted.</summary>
    public const string Duplicate = "duplicate";
}
