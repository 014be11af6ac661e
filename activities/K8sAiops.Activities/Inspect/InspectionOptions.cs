using System.ComponentModel.DataAnnotations;

namespace K8sAiops.Activities.Inspect;

/// <summary>The daily inspection's settings (configuration section <c>Inspection</c>).</summary>
public sealed class InspectionOptions
{
    public const string SectionName = "Inspection";

    /// <summary>When the timer starts an inspection: NCRONTAB with seconds. <value>Default <c>0 0 9 * * *</c> (09:00 every day).</value></summary>
    public string Schedule { get; set; } = "0 0 9 * * *";

    /// <summary>The time zone <see cref="Schedule"/> is read in (IANA or Windows id). <value>Default UTC.</value></summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Whether the timer runs at all (the HTTP and CLI triggers always work). <value>Default true.</value></summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Namespaces never inspected. <value>Default none.</value></summary>
    public List<string> ExcludeNamespaces { get; set; } = [];

    /// <summary>Nodes per node-group activity when the nodes carry no node-pool label. <value>Default 50.</value></summary>
    [Range(1, 10_000)]
    public int NodesPerGroup { get; set; } = 50;

    /// <summary>Objects a namespace's diagnosis-rule checks collect evidence for, worst first; the rest are counted in a note. <value>Default 20.</value></summary>
    [Range(0, 1000)]
    public int MaxSuspectsPerNamespace { get; set; } = 20;

    /// <summary>Namespace activities running at once. <value>Default 8.</value></summary>
    [Range(1, 256)]
    public int MaxParallelNamespaces { get; set; } = 8;

    /// <summary>Findings listed in the chat summary. <value>Default 5.</value></summary>
    [Range(0, 50)]
    public int SummaryFindings { get; set; } = 5;

    /// <summary>How long the signed report link on the summary card opens the report. <value>Default 30 days.</value></summary>
    [Range(typeof(TimeSpan), "01:00:00", "366.00:00:00")]
    public TimeSpan ReportLinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Runs kept in the score trend. <value>Default 30.</value></summary>
    [Range(2, 365)]
    public int TrendRuns { get; set; } = 30;

    /// <summary>
    /// Per check id: turn it off or change its severity, everywhere or per namespace
    /// (<c>Inspection:Checks:latest-image:Severity=low</c>, <c>Inspection:Checks:host-path:Namespaces:kube-system:Enabled=false</c>).
    /// The defaults exempt node agents in kube-system from the privileged and hostPath checks.
    /// </summary>
    public Dictionary<string, CheckSettings> Checks { get; set; } = new(StringComparer.Ordinal)
    {
        ["privileged-container"] = new() { Namespaces = { ["kube-system"] = new() { Enabled = false } } },
        ["host-path"] = new() { Namespaces = { ["kube-system"] = new() { Enabled = false } } },
    };

    /// <summary>Findings accepted as they are: listed, but costing no points until they expire.</summary>
    public List<AcceptedRule> Accepted { get; set; } = [];

    /// <summary>The settings of a check for <paramref name="ns"/>: enabled, and the severity to use (null: the check's own).</summary>
    public (bool Enabled, string? Severity) For(string check, string ns)
    {
        if (!Checks.TryGetValue(check, out var settings))
            return (true, null);
        var local = ns.Length > 0 && settings.Namespaces.TryGetValue(ns, out var n) ? n : null;
        return (local?.Enabled ?? settings.Enabled ?? true, local?.Severity ?? settings.Severity);
    }

    /// <summary>The settings' mistakes, each naming the key: unknown severities, accepted rules without check or reason.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (id, settings) in Checks)
        {
            if (settings.Severity is { } s && !Severities.IsKnown(s))
                yield return $"Inspection:Checks:{id}:Severity '{s}' is not one of {string.Join(", ", Severities.All)}.";
            foreach (var (ns, local) in settings.Namespaces)
            {
                if (local.Severity is { } ls && !Severities.IsKnown(ls))
                    yield return $"Inspection:Checks:{id}:Namespaces:{ns}:Severity '{ls}' is not one of {string.Join(", ", Severities.All)}.";
            }
        }
        for (var i = 0; i < Accepted.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Accepted[i].Check))
                yield return $"Inspection:Accepted:{i}:Check is required.";
            if (string.IsNullOrWhiteSpace(Accepted[i].Reason))
                yield return $"Inspection:Accepted:{i}:Reason is required: say why the finding is accepted.";
        }
        if (NCrontab.CrontabSchedule.TryParse(Schedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true })is null)
            yield return $"Inspection:Schedule '{Schedule}' is not an NCRONTAB expression with seconds (e.g. '0 0 9 * * *').";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return $"Inspection:TimeZone '{TimeZone}' is not a known time zone.";
    }
}

/// <summary>A check's settings: on or off, its severity, and per-namespace overrides of both.</summary>
public sealed class CheckSettings
{
    public bool? Enabled { get; set; }

    public string? Severity { get; set; }

    public Dictionary<string, NamespaceCheckSettings> Namespaces { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A check's settings in one namespace.</summary>
public sealed class NamespaceCheckSettings
{
    public bool? Enabled { get; set; }

    public string? Severity { get; set; }
}

/// <summary>
/// Accepts findings of <see cref="Check"/>: in <see cref="Namespace"/> (any when null), of the object named
/// <see cref="Name"/> (any when null; a trailing <c>*</c> matches a prefix), until <see cref="Expires"/>.
/// </summary>
public sealed class AcceptedRule
{
    public string Check { get; set; } = "";

    public string? Namespace { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string Reason { get; set; } = "";

    public DateTimeOffset? Expires { get; set; }

    public bool Matches(InspectionFinding finding, DateTimeOffset now) =>
        string.Equals(Check, finding.Check, StringComparison.Ordinal)
        && (Expires is null || Expires > now)
        && (Namespace is null || Namespace == finding.Resource.Namespace)
        && (Kind is null || string.Equals(Kind, finding.Resource.Kind, StringComparison.OrdinalIgnoreCase))
        && (Name is null || (Name.EndsWith('*') ? finding.Resource.Name.StartsWith(Name[..^1], StringComparison.Ordinal) : Name == finding.Resource.Name));
}
