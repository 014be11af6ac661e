using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Notify;

/// <summary>The chat channels cards go to, and how posting to them is retried (section <c>Notify</c>).</summary>
public sealed class NotifyOptions : IValidatableObject
{
    public const string SectionName = "Notify";

    /// <summary>The channels, bound from <c>Notify:Channels:0:Kind</c>, <c>…:Url</c> … <value>Default: none.</value></summary>
    public List<ChannelOptions> Channels { get; set; } = [];

    /// <summary>The old single webhook (<c>Notify:Webhook:Url</c>); when set it adds a Webhook channel named <c>webhook</c>.</summary>
    public WebhookNotifyOptions Webhook { get; set; } = new();

    /// <summary>Attempts per channel and card, the first included. <value>Default: 4.</value></summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles per retry. <value>Default: 1 second.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between attempts; a <c>Retry-After</c> asking for more ends the retries.
    /// <value>Default: 30 seconds.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one post may take. <value>Default: 10 seconds.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a delivery claimed by a run that never finished (its host died) blocks a re-delivered run from posting.
    /// <value>Default: 10 minutes.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The configured channels with kinds normalised and default names filled in, the old webhook last.</summary>
    public IReadOnlyList<ChatChannel> Resolve()
    {
        var channels = new List<ChatChannel>();
        for (var i = 0; i < Channels.Count; i++)
        {
            var c = Channels[i];
            var kind = ChannelKinds.Normalize(c.Kind) ?? throw new InvalidOperationException($"Notify:Channels:{i}:Kind is not valid.");
            var format = string.IsNullOrWhiteSpace(c.Format)
                ? ChannelFormats.ByKind.TryGetValue(kind, out var formats) ? formats[0] : null
                : FormatOf(kind, c.Format);
            channels.Add(new ChatChannel(
                NameOf(c, kind, i), kind, new Uri(c.Url!.Trim()), NullIfEmpty(c.Secret), c.MinSeverity.Trim().ToLowerInvariant(),
                [.. c.Namespaces.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())], format));
        }
        if (Webhook.Url is { } url)
            channels.Add(new ChatChannel(LegacyWebhookName, ChannelKinds.Webhook, url, null, ChatSeverities.Info, [], null));
        return channels;
    }

    /// <summary>The name the old <c>Notify:Webhook:Url</c> channel gets.</summary>
    public const string LegacyWebhookName = "webhook";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Channels.Count; i++)
        {
            var c = Channels[i];
            var key = $"{nameof(Channels)}:{i}";
            var kind = ChannelKinds.Normalize(c.Kind);
            if (kind is null)
            {
                yield return new ValidationResult(
                    string.IsNullOrWhiteSpace(c.Kind)
                        ? $"Kind is missing; use one of {string.Join(", ", ChannelKinds.All)}."
                        : $"'{c.Kind}' is not a channel kind; use one of {string.Join(", ", ChannelKinds.All)} (Lark is Feishu).",
                    [$"{key}:Kind"]);
            }
            if (string.IsNullOrWhiteSpace(c.Url))
                yield return new ValidationResult("The webhook URL is missing.", [$"{key}:Url"]);
            else if (!Uri.TryCreate(c.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                yield return new ValidationResult("The webhook URL is not an absolute http or https URL.", [$"{key}:Url"]);
            if (!ChatSeverities.IsKnown(c.MinSeverity))
                yield return new ValidationResult($"'{c.MinSeverity}' is not a severity; use {string.Join(", ", ChatSeverities.All)}.", [$"{key}:MinSeverity"]);
            if (kind is not null && !string.IsNullOrWhiteSpace(c.Format) && FormatOf(kind, c.Format) is null)
            {
                yield return new ValidationResult(
                    ChannelFormats.ByKind.TryGetValue(kind, out var formats)
                        ? $"'{c.Format}' is not a {kind} format; use {string.Join(" or ", formats)}."
                        : $"{kind} has one format only; remove Format.",
                    [$"{key}:Format"]);
            }
            if (kind == ChannelKinds.Webhook && c.Secret?.Trim() is { } secret && secret.StartsWith("whsec_", StringComparison.Ordinal)
                && !Convert.TryFromBase64String(secret["whsec_".Length..], new byte[secret.Length], out _))
                yield return new ValidationResult("A whsec_ secret must be followed by Base64 (as Standard Webhooks issues them).", [$"{key}:Secret"]);
            if (kind is not null)
            {
                var name = NameOf(c, kind, i);
                if (names.TryGetValue(name, out var other))
                    yield return new ValidationResult($"The name '{name}' is taken by {other}; give each channel its own Name.", [$"{key}:Name"]);
                else
                    names[name] = $"Notify:{key}";
            }
        }
        if (Webhook.Url is { } legacy)
        {
            if (!legacy.IsAbsoluteUri || legacy.Scheme is not ("http" or "https"))
                yield return new ValidationResult("The webhook URL is not an absolute http or https URL.", ["Webhook:Url"]);
            if (names.TryGetValue(LegacyWebhookName, out var other))
                yield return new ValidationResult($"Notify:Webhook:Url adds a channel named '{LegacyWebhookName}', which {other} already uses.", ["Webhook:Url"]);
        }
        if (MaxRetryDelay < RetryDelay)
            yield return new ValidationResult($"The longest wait ({MaxRetryDelay}) is shorter than the first ({RetryDelay}).", [nameof(MaxRetryDelay)]);
    }

    private static string NameOf(ChannelOptions channel, string kind, int index)
        => string.IsNullOrWhiteSpace(channel.Name) ? $"{kind.ToLowerInvariant()}-{index}" : channel.Name.Trim();

    private static string? FormatOf(string kind, string format)
        => ChannelFormats.ByKind.TryGetValue(kind, out var formats)
            ? formats.FirstOrDefault(f => f.Equals(format.Trim(), StringComparison.OrdinalIgnoreCase))
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A channel as configured and checked: what rendering and sending use.</summary>
/// <param name="Format">The message form for kinds that have several (see <see cref="ChannelFormats"/>), else null.</param>
public sealed record ChatChannel(
    string Name, string Kind, Uri Url, string? Secret, string MinSeverity, IReadOnlyList<string> Namespaces, string? Format)
{
    /// <summary>Why this channel does not take <paramref name="message"/>, or null when it does.</summary>
    public string? SkipReason(ChatMessage message)
    {
        if (message.Channels is { } only && !only.Contains(Name, StringComparer.OrdinalIgnoreCase))
            return $"the card is for {string.Join(", ", only)} only";
        if (ChatSeverities.Rank(message.Severity) < ChatSeverities.Rank(MinSeverity))
            return $"severity {message.Severity} is below the channel's {MinSeverity}";
        if (Namespaces.Count > 0 && (message.Namespace is not { } ns || !Namespaces.Contains(ns, StringComparer.Ordinal)))
            return $"namespace {message.Namespace ?? "(none)"} is not among {string.Join(", ", Namespaces)}";
        return null;
    }

    /// <summary>Never the URL (it is the credential on most platforms).</summary>
    public override string ToString() => $"{Name} ({Kind})";
}
