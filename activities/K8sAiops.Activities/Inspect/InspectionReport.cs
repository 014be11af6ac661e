namespace K8sAiops.Activities.Inspect;

/// <summary>
/// One daily inspection's report: the overall and per-namespace scores, every finding with the points it cost, what was
/// resolved since the previous run, forecasts, and the deductions that explain the score. The README documents the contract.
/// </summary>
public sealed record InspectionReport
{
    /// <summary>The inspection's id (its orchestration instance id).</summary>
    public required string Id { get; init; }

    /// <summary>The kubeconfig context (or <c>in-cluster</c>) inspected.</summary>
    public required string Cluster { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>0–100: 100 minus the deductions (see <c>InspectionScore</c>).</summary>
    public required int Score { get; init; }

    /// <summary>A–F from the score.</summary>
    public required string Grade { get; init; }

    /// <summary>The run this one is compared with, or null for the first run.</summary>
    public PreviousRun? Previous { get; init; }

    public List<NamespaceScore> Namespaces { get; init; } = [];

    /// <summary>Open findings (new, persisting or accepted), worst first.</summary>
    public List<InspectionFinding> Findings { get; init; } = [];

    /// <summary>Findings of the previous run that are gone now (status <c>resolved</c>).</summary>
    public List<InspectionFinding> Resolved { get; init; } = [];

    public List<Forecast> Forecasts { get; init; } = [];

    /// <summary>Every point lost: which finding, which check, which object, how many points.</summary>
    public List<Deduction> Deductions { get; init; } = [];

    /// <summary>The scores of the last runs up to this one, oldest first (at most 30).</summary>
    public List<TrendPoint> Trend { get; init; } = [];

    /// <summary>What the inspection could not read or check, in words (a namespace whose listing failed, Prometheus unreachable...).</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>How many objects were read, by kind.</summary>
    public Dictionary<string, int> Objects { get; init; } = [];
}

/// <summary>The run a report is compared with.</summary>
public sealed record PreviousRun(string Id, DateTimeOffset FinishedAt, int Score, string Grade);

/// <summary>One namespace's score (<see cref="Name"/> empty for the cluster-scoped findings: nodes, PVs...).</summary>
public sealed record NamespaceScore(string Name, int Score, string Grade, int Findings);

/// <summary>One point in the score trend.</summary>
public sealed record TrendPoint(string Id, DateTimeOffset FinishedAt, int Score);

/// <summary>The object a finding is about.</summary>
public sealed record FindingResource(string Kind, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>The severities of findings, worst first, as the JSON report spells them.</summary>
public static class Severities
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";
    public const string Info = "info";

    public static IReadOnlyList<string> All { get; } = [Critical, High, Medium, Low, Info];

    /// <summary>0 for critical … 4 for info; unknown severities sort last.</summary>
    public static int Rank(string severity) => severity switch { Critical => 0, High => 1, Medium => 2, Low => 3, Info => 4, _ => 5 };

    public static bool IsKnown(string severity) => All.Contains(severity);
}

/// <summary>The check groups.</summary>
public static class CheckGroups
{
    public const string Reliability = "reliability";
    public const string Capacity = "capacity";
    public const string Security = "security";
    public const string Efficiency = "efficiency";
    public const string Hygiene = "hygiene";

    public static IReadOnlyList<string> All { get; } = [Reliability, Capacity, Security, Efficiency, Hygiene];
}

/// <summary>The statuses of a finding against the previous run.</summary>
public static class FindingStatuses
{
    public const string New = "new";
    public const string Persisting = "persisting";
    public const string Accepted = "accepted";
    public const string Resolved = "resolved";
}

/// <summary>
/// One thing a check found about one object. <see cref="Id"/> is stable across runs (<c>check:kind/namespace/name</c>), so
/// a finding of today is matched with yesterday's by check and object.
/// </summary>
public sealed record InspectionFinding
{
    public required string Id { get; init; }

    /// <summary>The check's id, e.g. <c>latest-image</c> or <c>crash-loop</c>.</summary>
    public required string Check { get; init; }

    /// <summary>The taxonomy id when the finding is a taxonomy problem, otherwise the check's group.</summary>
    public required string Category { get; init; }

    public required string Group { get; init; }

    public required string Severity { get; init; }

    public required FindingResource Resource { get; init; }

    public required string Message { get; init; }

    /// <summary>The one-line fix.</summary>
    public required string Fix { get; init; }

    /// <summary>The points the finding cost (0 when accepted, info, or its check's cap was reached).</summary>
    public int Points { get; init; }

    /// <summary>new, persisting or accepted (resolved in <see cref="InspectionReport.Resolved"/>).</summary>
    public string Status { get; init; } = FindingStatuses.New;

    /// <summary>Why the finding was accepted and until when, when it is.</summary>
    public AcceptedFinding? Accepted { get; init; }

    /// <summary>When the finding was first seen (carried over from the previous run).</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    public static string MakeId(string check, FindingResource resource) => $"{check}:{resource}";
}

/// <summary>An accepted finding's reason and expiry.</summary>
public sealed record AcceptedFinding(string Reason, DateTimeOffset? Expires);

/// <summary>One deduction from the score: the finding, its check, the object, and the points.</summary>
public sealed record Deduction(string Finding, string Check, string Severity, FindingResource Resource, int Points, string? Note = null);

/// <summary>
/// A forecast from Prometheus series: when something runs out (a PVC fills, a container reaches its memory limit, a node's
/// allocatable headroom is gone), the fit used, the data window, and a confidence range. With too little data
/// <see cref="EnoughData"/> is false and <see cref="Reason"/> says why rather than guessing.
/// </summary>
public sealed record Forecast
{
    /// <summary><c>pvc-full</c>, <c>memory-limit</c> or <c>node-headroom</c>.</summary>
    public required string Kind { get; init; }

    public required FindingResource Resource { get; init; }

    /// <summary>The forecast in words, e.g. "PVC shop/data-postgres-0 is full in 6.2 days (4.9–8.1)".</summary>
    public required string Message { get; init; }

    /// <summary><c>linear</c> (least squares) or <c>holt</c> (double exponential smoothing).</summary>
    public required string Fit { get; init; }

    /// <summary>The PromQL the series came from.</summary>
    public required string Query { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public int Samples { get; init; }

    public bool EnoughData { get; init; }

    /// <summary>Why there is no forecast, when <see cref="EnoughData"/> is false or the series does not grow.</summary>
    public string? Reason { get; init; }

    /// <summary>The latest value and the limit it is compared with (bytes).</summary>
    public double Current { get; init; }

    public double Limit { get; init; }

    /// <summary>The fitted growth per hour (bytes/h).</summary>
    public double SlopePerHour { get; init; }

    /// <summary>Hours until the limit is reached, with the low and high ends of the confidence range; null when it is not reached.</summary>
    public double? HoursToLimit { get; init; }

    public double? HoursLow { get; init; }

    public double? HoursHigh { get; init; }
}
