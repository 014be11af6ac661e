using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Approve;

/// <summary>Approval of proposed fixes by a person (section <c>Approval</c>).</summary>
public sealed class ApprovalOptions : IValidatableObject
{
    public const string SectionName = "Approval";

    /// <summary>
    /// The HMAC key approval links are signed with (32+ characters; Base64 of random bytes is best).
    /// <value>Default: none; a key is generated into <see cref="KeyFile"/> and reused.</value>
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the generated signing key is kept when none is configured. <value>Default: .artifacts/host/approval-key.</value></summary>
    public string KeyFile { get; set; } = Path.Combine(".artifacts", "host", "approval-key");

    /// <summary>
    /// The URL approval links start with, as people's browsers reach the host (e.g. <c>https://aiops.example.com</c>).
    /// <value>Default: none; the host's own listening URL.</value>
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a proposed fix waits for a decision; the links expire then. <value>Default: 4 hours.</value></summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00", ErrorMessage = "Use a duration from 5 seconds to 7 days, e.g. 04:00:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>When a reminder card is sent while the decision is pending; zero sends none. <value>Default: 1 hour.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Use a duration up to 7 days, e.g. 01:00:00, or 00:00:00 for no reminder.")]
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What an unanswered approval does at <see cref="Timeout"/>. <value>Default: Reject.</value></summary>
    public ApprovalTimeoutAction OnTimeout { get; set; } = ApprovalTimeoutAction.Reject;

    /// <summary>The channels (by name) an escalation goes to when <see cref="OnTimeout"/> is Escalate. <value>Default: none.</value></summary>
    public List<string> EscalateTo { get; set; } = [];

    /// <summary>
    /// Requests one client address may make to approval pages per minute; more get 429 with <c>Retry-After</c> (the
    /// pages need no key, so this bounds what a stranger can make the host check and audit). <value>Default: 60.</value>
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Use a count from 1 to 100000.")]
    public int RequestsPerMinute { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is { Length: > 0 and < ApprovalTokens.MinKeyLength })
            yield return new ValidationResult($"The signing key has {SigningKey.Length} characters; use at least {ApprovalTokens.MinKeyLength} (e.g. openssl rand -base64 32).", [nameof(SigningKey)]);
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query)))
            yield return new ValidationResult($"'{url}' is not an absolute http(s) URL without a query.", [nameof(PublicBaseUrl)]);
        if (ReminderAfter >= Timeout && ReminderAfter > TimeSpan.Zero)
            yield return new ValidationResult($"The reminder ({ReminderAfter}) must come before the timeout ({Timeout}); use 00:00:00 for none.", [nameof(ReminderAfter)]);
        if (OnTimeout == ApprovalTimeoutAction.Escalate && EscalateTo.Count == 0)
            yield return new ValidationResult("OnTimeout is Escalate but no channel is named; set Approval:EscalateTo:0 to a channel's Name.", [nameof(EscalateTo)]);
    }
}

/// <summary>What an approval nobody answered does.</summary>
public enum ApprovalTimeoutAction
{
    /// <summary>The fix is not applied; a result card says it expired.</summary>
    Reject,

    /// <summary>The card goes to <see cref="ApprovalOptions.EscalateTo"/> with fresh links and waits once more; then it is rejected.</summary>
    Escalate,
}
