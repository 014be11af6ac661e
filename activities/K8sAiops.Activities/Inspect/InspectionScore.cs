namespace K8sAiops.Activities.Inspect;

/// <summary>
/// The score: 100 minus the points the open findings cost, never below 0. A finding costs its severity's weight
/// (critical 20, high 8, medium 3, low 1, info 0); one check costs at most <see cref="CheckCap"/> points in a scope, so a
/// hundred Deployments without probes weigh like a handful. Accepted findings cost nothing. Findings are charged worst
/// first, then by check and object, so the same findings always give the same score and the same deductions.
/// </summary>
public static class InspectionScore
{
    /// <summary>Most points one check can cost in one scope (the cluster, or one namespace).</summary>
    public const int CheckCap = 25;

    public static int Weight(string severity) => severity switch
    {
        Severities.Critical => 20,
        Severities.High => 8,
        Severities.Medium => 3,
        Severities.Low => 1,
        _ => 0,
    };

    /// <summary>A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, F below.</summary>
    public static string Grade(int score) => score switch
    {
        >= 90 => "A",
        >= 80 => "B",
        >= 70 => "C",
        >= 60 => "D",
        >= 50 => "E",
        _ => "F",
    };

    /// <summary>The deterministic charging order.</summary>
    public static IOrderedEnumerable<InspectionFinding> Order(IEnumerable<InspectionFinding> findings) =>
        findings.OrderBy(f => Severities.Rank(f.Severity)).ThenBy(f => f.Check, StringComparer.Ordinal).ThenBy(f => f.Resource.ToString(), StringComparer.Ordinal);

    /// <summary>The score of <paramref name="findings"/> with every deduction, in charging order (capped ones at 0 with a note).</summary>
    public static (int Score, List<Deduction> Deductions) Compute(IEnumerable<InspectionFinding> findings)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var deductions = new List<Deduction>();
        foreach (var finding in Order(findings.Where(f => f.Status != FindingStatuses.Accepted && Weight(f.Severity) > 0)))
        {
            var spent = used.GetValueOrDefault(finding.Check);
            var points = Math.Min(Weight(finding.Severity), CheckCap - spent);
            used[finding.Check] = spent + points;
            deductions.Add(new Deduction(finding.Id, finding.Check, finding.Severity, finding.Resource, points,
                points < Weight(finding.Severity) ? $"check {finding.Check} reached its cap of {CheckCap} points" : null));
        }
        return (Math.Max(0, 100 - deductions.Sum(d => d.Points)), deductions);
    }
}
