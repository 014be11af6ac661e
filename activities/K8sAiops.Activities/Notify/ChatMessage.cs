using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Approve;

namespace K8sAiops.Activities.Notify;

/// <summary>
/// A card for the on-call person, independent of the chat platform; each channel renders it in its platform's
/// format. All text here is plain and may hold untrusted parts (pod names, log lines): renderers escape it for
/// their markup.
/// </summary>
public sealed record ChatMessage
{
    /// <summary>One of <see cref="ChatMessageKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The headline, e.g. <c>oom-killed: Deployment shop/report-renderer</c>.</summary>
    public required string Title { get; init; }

    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c> (the alert's severity); channels filter on it.</summary>
    public string Severity { get; init; } = "warning";

    /// <summary>The namespace the alert is about, when it has one; channels filter on it.</summary>
    public string? Namespace { get; init; }

    /// <summary>One or two sentences a person can act on.</summary>
    public required string Summary { get; init; }

    /// <summary>Short labelled values: category, culprit, confidence, proposed action, risk, expiry.</summary>
    public List<ChatFact> Facts { get; init; } = [];

    /// <summary>Detail lines, most important first (findings, a diff excerpt); cut first when a platform's limit is near.</summary>
    public List<string> Lines { get; init; } = [];

    /// <summary>When set, the card carries Approve and Reject buttons: signed links made per channel.</summary>
    public ApprovalRequest? Approval { get; init; }

    /// <summary>The full report (the link truncated cards point to).</summary>
    public Uri? ReportUrl { get; init; }

    /// <summary>
    /// The card's delivery key, the same for every retry of the call that sends it (the orchestration numbers its
    /// cards); a channel that took a card under this key is not posted it again. Null uses the activity call's own
    /// key, which is stable across re-deliveries but not across retries.
    /// </summary>
    public string? DeliveryKey { get; init; }

    /// <summary>Where the report is stored (a blob URL or a file path), for machine receivers; chat cards link <see cref="ReportUrl"/> only.</summary>
    public string? ReportLocation { get; init; }

    /// <summary>The orchestration's status page.</summary>
    public Uri? StatusUrl { get; init; }

    /// <summary>The diagnosis itself, for the generic JSON webhook (chat cards show only the text above).</summary>
    public Diagnosis? Diagnosis { get; init; }

    /// <summary>Only these channels (by name), e.g. an escalation; null means every channel whose filters match.</summary>
    public List<string>? Channels { get; init; }
}

/// <summary>A labelled value on a card.</summary>
public sealed record ChatFact(string Title, string Value);

/// <summary>The three cards of an alert's life, and the daily inspection's summary.</summary>
public static class ChatMessageKinds
{
    /// <summary>The diagnosis, with Approve/Reject when a fix is proposed (always sent).</summary>
    public const string Diagnosis = "diagnosis";

    /// <summary>An approval is still pending.</summary>
    public const string Reminder = "reminder";

    /// <summary>What came of the remediation (or of the decision).</summary>
    public const string Result = "result";

    /// <summary>The daily inspection's summary: score, grade, change since the previous run, top new findings.</summary>
    public const string Inspection = "inspection";
}
