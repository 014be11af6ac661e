using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Approve;

/// <summary>What a person is asked to approve: the change as the dry run showed it, and why.</summary>
/// <param name="Action">The proposed action from the diagnosis.</param>
/// <param name="Summary">The change in one line (<c>raise the memory limit of …</c>).</param>
/// <param name="Diff">The unified diff of the server-side dry run against the live object.</param>
/// <param name="Digest">The plan's digest, bound into every link.</param>
public sealed record ApprovalSubject(ProposedAction Action, string Summary, string Risk, string Diff, string Digest);

/// <summary>The input of <see cref="OpenApproval"/>: the approval to open, and what its page shows.</summary>
public sealed record OpenApprovalRequest(
    string InstanceId, string ExecutionId, string ApprovalId, DateTimeOffset ExpiresAt, ApprovalSubject Subject, Diagnosis Diagnosis, string? ReportUrl);

/// <summary>A decision, raised to the orchestration as the <see cref="ApprovalDecision.EventName"/> event.</summary>
/// <param name="Decision">One of <see cref="ApprovalDecisions"/>.</param>
public sealed record ApprovalDecision(string ApprovalId, string Decision, string By, string Comment, DateTimeOffset At, string? Channel)
{
    /// <summary>The external event the orchestration waits for.</summary>
    public const string EventName = "ApprovalDecision";

    public bool Approved => Decision == ApprovalDecisions.Approve;
}

/// <summary>The states of an approval.</summary>
public static class ApprovalDecisions
{
    public const string Pending = "pending";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string TimedOut = "timed-out";
    public const string Escalated = "escalated";
}

/// <summary>The input of <see cref="CloseApproval"/>: end a pending approval the orchestration stopped waiting for.</summary>
public sealed record CloseApprovalRequest(string InstanceId, string ApprovalId, string Outcome, string Detail);

/// <summary>One approval as stored: its subject, where it stands, and the decision when there is one.</summary>
public sealed record ApprovalRecord
{
    public required string InstanceId { get; init; }
    public required string ApprovalId { get; init; }
    public required string ExecutionId { get; init; }
    public required string Digest { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>One of <see cref="ApprovalDecisions"/>.</summary>
    public required string Status { get; init; }

    public required string ActionKind { get; init; }
    public required ResourceRef Target { get; init; }
    public required string Summary { get; init; }
    public required string Risk { get; init; }
    public required string Diff { get; init; }

    /// <summary>The diagnosis's root cause in a sentence, and its category.</summary>
    public required string Cause { get; init; }
    public required string Category { get; init; }

    /// <summary>The evidence the diagnosis rests on.</summary>
    public List<Finding> Findings { get; init; } = [];
    public string? ReportUrl { get; init; }

    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Comment { get; init; }
    public string? Channel { get; init; }

    /// <summary>The storage version as read, for a conditional decision.</summary>
    public string? Version { get; init; }

    /// <summary>A person's decision (approve or reject) recorded on it; null while pending, timed out or escalated.</summary>
    public ApprovalDecision? PersonsDecision => Status is ApprovalDecisions.Approve or ApprovalDecisions.Reject
        ? new ApprovalDecision(ApprovalId, Status, DecidedBy ?? "", Comment ?? "", DecidedAt ?? default, Channel)
        : null;
}
