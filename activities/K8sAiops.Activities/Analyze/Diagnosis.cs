using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze;

/// <summary>
/// The machine-readable diagnosis of <c>diagnosis-taxonomy.md</c> ("Output contract"): one root cause naming a
/// taxonomy category and the culprit, the findings it rests on, and the actions that would fix it. Fields beyond
/// the contract (alternatives, commands, who analyzed) are additions that never change the contract's meaning.
/// </summary>
public sealed record Diagnosis
{
    public required RootCause RootCause { get; init; }

    /// <summary>The evidence the conclusion rests on; <see cref="RootCause.Evidence"/> cites their ids.</summary>
    public List<Finding> Findings { get; init; } = [];

    /// <summary>Fixes from the fixed catalogue (<see cref="ActionKinds"/>), safest first.</summary>
    public List<ProposedAction> Actions { get; init; } = [];

    /// <summary>Other candidate causes the analysis weighed, most likely first.</summary>
    public List<CandidateCause> Alternatives { get; init; } = [];

    /// <summary><c>rules</c>, or <c>rules+llm</c> when a language model's answer was merged in.</summary>
    public string AnalyzedBy { get; init; } = "rules";

    /// <summary>What became of the proposed fix (approval, apply, verification); null until the alert's orchestration sets it.</summary>
    public RemediationOutcome? Remediation { get; init; }
}

/// <summary>What became of a diagnosis's proposed fix.</summary>
/// <param name="Status">
/// <c>none</c> (nothing to automate), <c>refused</c> (policy, breaker, lock or dry run said no), <c>rejected</c>,
/// <c>expired</c>, <c>failed</c> (the apply failed), <c>verified</c> (applied and healthy) or <c>unverified</c>
/// (applied, not healthy in time).
/// </param>
/// <param name="Action">The action's kind, when one was proposed.</param>
/// <param name="Target">The object it changes.</param>
/// <param name="DecidedBy">Who approved or rejected it (<c>policy</c> when it ran without approval).</param>
/// <param name="Detail">One sentence for a person.</param>
public sealed record RemediationOutcome(string Status, string? Action, ResourceRef? Target, string? DecidedBy, string Detail);

/// <summary>The one root cause: a taxonomy category and the resource whose fix removes the problem.</summary>
public sealed record RootCause
{
    /// <summary>A taxonomy id (<see cref="Categories"/>).</summary>
    public required string Category { get; init; }

    /// <summary>The culprit; null only for <c>no-issue</c> without a target.</summary>
    public ResourceRef? Resource { get; init; }

    /// <summary>One sentence a person can act on.</summary>
    public required string Summary { get; init; }

    /// <summary>0 to 1.</summary>
    public double Confidence { get; init; }

    /// <summary>Ids of the findings (evidence ids, <c>ev-N</c>) the conclusion rests on.</summary>
    public List<string> Evidence { get; init; } = [];
}

/// <summary>One piece of evidence the conclusion rests on, with the evidence id of the bundle item it comes from.</summary>
public sealed record Finding
{
    /// <summary>The bundle item's evidence id, e.g. <c>ev-3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What it is about, e.g. <c>pod/shop/cart-7d9f-abcde</c>.</summary>
    public required string Source { get; init; }

    public required string Text { get; init; }

    /// <summary><c>info</c>, <c>warning</c> or <c>error</c>.</summary>
    public string Severity { get; init; } = "warning";
}

/// <summary>A fix from the catalogue, with its risk and the commands a person would run.</summary>
public sealed record ProposedAction
{
    /// <summary>One of <see cref="ActionKinds"/>.</summary>
    public required string Kind { get; init; }

    public required ResourceRef Target { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public required string Risk { get; init; }

    public required string Description { get; init; }

    /// <summary>The kubectl commands a person would run to do it by hand.</summary>
    public List<string> Commands { get; init; } = [];

    /// <summary>
    /// What remediation needs to carry the action out, by <see cref="ActionParameters"/> key: the container, the new
    /// memory or CPU limit, the replica count. Empty when the action needs nothing beyond its target.
    /// </summary>
    public Dictionary<string, string> Parameters { get; init; } = [];
}

/// <summary>The keys of <see cref="ProposedAction.Parameters"/>.</summary>
public static class ActionParameters
{
    /// <summary>The container whose resources change.</summary>
    public const string Container = "container";

    /// <summary>The new memory limit, a Kubernetes quantity (<c>768Mi</c>).</summary>
    public const string Memory = "memory";

    /// <summary>The new CPU limit, a Kubernetes quantity (<c>500m</c>).</summary>
    public const string Cpu = "cpu";

    /// <summary>The replica count to scale to.</summary>
    public const string Replicas = "replicas";

    /// <summary>The Deployment revision to roll back to; empty means the previous one.</summary>
    public const string Revision = "revision";
}

/// <summary>A cause the analysis weighed but did not choose.</summary>
public sealed record CandidateCause(string Category, ResourceRef? Resource, double Confidence, string Summary);

/// <summary>A cause the rules found without an alert (<see cref="Rules.RuleEngine.Detect"/>): category, culprit, confidence, summary and the fix in words.</summary>
public sealed record DetectedCause(string Category, ResourceRef Culprit, double Confidence, string Summary, string Fix);
