namespace K8sAiops.Activities.Audit;

/// <summary>
/// One step of an alert's approval and remediation, as the audit trail keeps it (append-only): what happened,
/// to which instance, who did it, from where.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The orchestration instance the step belongs to.</summary>
    public required string InstanceId { get; init; }

    /// <summary>One of <see cref="AuditSteps"/>.</summary>
    public required string Step { get; init; }

    /// <summary>What came of it, e.g. <c>approved</c>, <c>refused</c>, <c>applied</c>, <c>healthy</c>, <c>open</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>One sentence for a person.</summary>
    public string Detail { get; init; } = "";

    /// <summary>Who: an approver's name, <c>policy</c>, <c>system</c>, or empty for an anonymous visitor.</summary>
    public string Actor { get; init; } = "";

    /// <summary>The chat channel whose link was used, when the step came through a link.</summary>
    public string? Channel { get; init; }

    public string? ClientIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The action the step is about (kind and target), when there is one.</summary>
    public string? Action { get; init; }

    /// <summary>Structured detail as JSON (a diff, a verification's observations), when there is some.</summary>
    public string? Data { get; init; }

    /// <summary>When it happened; filled by the log when left unset.</summary>
    public DateTimeOffset? At { get; init; }
}

/// <summary>The steps the audit trail records.</summary>
public static class AuditSteps
{
    public const string Proposal = "proposal";
    public const string DryRun = "dry-run";
    public const string LinkOpened = "link-opened";
    public const string Decision = "decision";
    public const string Refusal = "refusal";
    public const string Reminder = "reminder";
    public const string Timeout = "timeout";
    public const string Apply = "apply";
    public const string Verify = "verify";
    public const string Breaker = "breaker";
}
