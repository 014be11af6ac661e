using K8sAiops.Activities.Inspect.Checks;

namespace K8sAiops.Activities.Inspect;

/// <summary>Everything the fan-in gets: the scope, each namespace's and node group's results, and the Prometheus part.</summary>
public sealed record InspectionResults(
    string Id,
    DateTimeOffset StartedAt,
    InspectionScope Scope,
    List<NamespaceInspection> Namespaces,
    List<NodeGroupInspection> NodeGroups,
    List<InspectionFinding>? MetricsFindings = null,
    List<Forecast>? Forecasts = null,
    List<string>? MetricsNotes = null);

/// <summary>
/// The fan-in, pure: joins the parts' findings, adds the node requests check (which needs every namespace's pods),
/// applies the configuration (checks off, severities, accepted findings), drops symptoms a diagnosed cause explains,
/// compares with the previous report, and scores.
/// </summary>
public static class InspectionAssembly
{
    /// <summary>Share of allocatable that pods may request before a node counts as full.</summary>
    public const double NodeRequestsThreshold = 0.9;

    /// <summary>Symptom checks a taxonomy finding on the same object explains: they are not listed twice.</summary>
    private static readonly HashSet<string> Symptoms = new(StringComparer.Ordinal)
    {
        CheckCatalog.ReplicasUnavailable.Id, CheckCatalog.Restarts.Id, CheckCatalog.CronJobFailed.Id, CheckCatalog.UnboundClaim.Id,
    };

    public static InspectionReport Assemble(
        InspectionResults results, InspectionOptions options, InspectionReport? previous, IReadOnlyList<TrendPoint> history, DateTimeOffset finishedAt)
    {
        var raw = results.Scope.Findings
            .Concat(results.Namespaces.SelectMany(n => n.Findings))
            .Concat(results.NodeGroups.SelectMany(g => g.Findings))
            .Concat(results.MetricsFindings ?? [])
            .Concat(NodeRequestFindings(results));
        var configured = raw
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .Select(g => g.OrderBy(f => Severities.Rank(f.Severity)).First())
            .Select(f => (Finding: f, Settings: options.For(f.Check, f.Resource.Namespace)))
            .Where(x => x.Settings.Enabled)
            .Select(x => x.Settings.Severity is { } severity ? x.Finding with { Severity = severity } : x.Finding)
            .ToList();
        var diagnosed = configured.Where(f => CheckCatalog.Taxonomy.Any(t => t.Id == f.Check)).Select(f => f.Resource).ToHashSet();
        var kept = configured.Where(f => !(Symptoms.Contains(f.Check) && diagnosed.Contains(f.Resource))).ToList();

        var before = (previous?.Findings ?? []).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var findings = kept.Select(f =>
        {
            var accepted = options.Accepted.FirstOrDefault(a => a.Matches(f, finishedAt));
            var earlier = before.GetValueOrDefault(f.Id);
            return f with
            {
                Status = accepted is not null ? FindingStatuses.Accepted : earlier is null ? FindingStatuses.New : FindingStatuses.Persisting,
                Accepted = accepted is null ? null : new AcceptedFinding(accepted.Reason, accepted.Expires),
                FirstSeen = earlier?.FirstSeen ?? (earlier is null ? results.StartedAt : previous!.StartedAt),
            };
        }).ToList();
        var now = findings.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var resolved = (previous?.Findings ?? []).Where(f => !now.Contains(f.Id))
            .Select(f => f with { Status = FindingStatuses.Resolved, Points = 0 }).ToList();

        var (score, deductions) = InspectionScore.Compute(findings);
        var points = deductions.ToDictionary(d => d.Finding, d => d.Points, StringComparer.Ordinal);
        findings = InspectionScore.Order(findings.Select(f => f with { Points = points.GetValueOrDefault(f.Id) })).ToList();

        var namespaces = results.Scope.Namespaces.Select(ns =>
        {
            var mine = findings.Where(f => f.Resource.Namespace == ns).ToList();
            var (nsScore, _) = InspectionScore.Compute(mine);
            return new NamespaceScore(ns, nsScore, InspectionScore.Grade(nsScore), mine.Count);
        }).OrderBy(n => n.Score).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();

        var objects = new Dictionary<string, int>(results.Scope.Objects, StringComparer.Ordinal);
        foreach (var (kind, count) in results.Namespaces.SelectMany(n => n.Objects))
            objects[kind] = objects.GetValueOrDefault(kind) + count;
        var grade = InspectionScore.Grade(score);
        var trend = history.TakeLast(options.TrendRuns - 1).Append(new TrendPoint(results.Id, finishedAt, score)).ToList();
        return new InspectionReport
        {
            Id = results.Id,
            Cluster = results.Scope.Cluster,
            StartedAt = results.StartedAt,
            FinishedAt = finishedAt,
            Score = score,
            Grade = grade,
            Previous = previous is null ? null : new PreviousRun(previous.Id, previous.FinishedAt, previous.Score, previous.Grade),
            Namespaces = namespaces,
            Findings = findings,
            Resolved = resolved,
            Forecasts = results.Forecasts ?? [],
            Deductions = deductions,
            Trend = trend,
            Notes = results.Scope.Notes.Concat(results.Namespaces.SelectMany(n => n.Notes)).Concat(results.NodeGroups.SelectMany(g => g.Notes))
                .Concat(results.MetricsNotes ?? []).ToList(),
            Objects = objects,
        };
    }

    /// <summary><c>node-requests-high</c>: what every namespace's pods request of a node against its allocatable.</summary>
    public static IEnumerable<InspectionFinding> NodeRequestFindings(InspectionResults results)
    {
        var requested = results.Namespaces.SelectMany(n => n.NodeRequests)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Cpu: g.Sum(p => p.Value.CpuMillis), Memory: g.Sum(p => p.Value.MemoryBytes), Pods: g.Sum(p => p.Value.Pods)), StringComparer.Ordinal);
        foreach (var node in results.NodeGroups.SelectMany(g => g.Nodes).Where(n => n.Schedulable))
        {
            if (!requested.TryGetValue(node.Name, out var r))
                continue;
            var cpu = node.CpuMillis > 0 ? (double)r.Cpu / node.CpuMillis : 0;
            var memory = node.MemoryBytes > 0 ? (double)r.Memory / node.MemoryBytes : 0;
            if (cpu <= NodeRequestsThreshold && memory <= NodeRequestsThreshold)
                continue;
            yield return CheckCatalog.NodeRequestsHigh.Finding(new("Node", "", node.Name),
                $"its {r.Pods} pods request {cpu:P0} of allocatable cpu ({r.Cpu}m of {node.CpuMillis}m) and {memory:P0} of memory ({r.Memory / 1048576} Mi of {node.MemoryBytes / 1048576} Mi)");
        }
    }
}
