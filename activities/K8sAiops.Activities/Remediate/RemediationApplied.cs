namespace K8sAiops.Activities.Remediate;

/// <summary>Input of <see cref="ApplyRemediation"/>: an allowed plan and who approved it (<c>policy</c> when auto-approved).</summary>
public sealed record ApplyRemediationRequest(string InstanceId, RemediationPlan Plan, string ApprovedBy);

/// <summary>What came of applying a plan.</summary>
/// <param name="Outcome">One of <see cref="ApplyOutcomes"/>.</param>
/// <param name="ResourceVersion">The target's resourceVersion after the write (or as found); null when it is gone or the write failed.</param>
/// <param name="At">When the write was done (or found done): verification counts restarts and OOM kills after it.</param>
public sealed record RemediationApplied(string Outcome, string Detail, string? ResourceVersion, DateTimeOffset At);

/// <summary>The outcomes of <see cref="RemediationApplied"/>.</summary>
public static class ApplyOutcomes
{
    /// <summary>Written now.</summary>
    public const string Applied = "applied";

    /// <summary>The cluster already has the change (a redelivered activity after a successful write).</summary>
    public const string AlreadyApplied = "already-applied";

    /// <summary>Someone changed the target since the dry run: plan again and ask again.</summary>
    public const string Changed = "changed";

    /// <summary>The API server refused the write, or the plan cannot be applied.</summary>
    public const string Failed = "failed";
}
