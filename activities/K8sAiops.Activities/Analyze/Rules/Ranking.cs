namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>
/// Orders candidates: the most confident first. Confidence already puts culprits (claim, node, Service, the
/// dependency) above symptoms (a crash, a failing probe); among equals, a cause closer to the alert's target wins.
/// Candidates naming the same cause and culprit are merged.
/// </summary>
internal static class Ranking
{
    public static List<Candidate> Rank(RuleContext context, IEnumerable<Candidate> candidates)
    {
        var target = context.Target;
        var targetWorkload = target is null ? null : context.WorkloadOf(target);
        return candidates
            .GroupBy(c => (c.Category, c.Culprit))
            .Select(g => g.OrderByDescending(c => c.Confidence).First() with
            {
                Findings = g.SelectMany(c => c.Findings).DistinctBy(f => f.Id).ToList(),
            })
            .OrderByDescending(c => c.Confidence)
            .ThenByDescending(c => c.Culprit == target || c.Culprit == targetWorkload)
            .ThenBy(c => c.Category, StringComparer.Ordinal)
            .ThenBy(c => c.Culprit.ToString(), StringComparer.Ordinal)
            .ToList();
    }
}
