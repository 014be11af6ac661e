using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>
/// The deterministic diagnosis: every category's rule looks at the evidence, the candidates are ranked (culprit over
/// symptom), and the best becomes the root cause with the findings it rests on and the actions that would fix it.
/// Nothing found means <c>no-issue</c>.
/// </summary>
public static class RuleEngine
{
    /// <summary>How many other candidates the diagnosis lists as alternatives.</summary>
    private const int MaxAlternatives = 4;

    /// <param name="alert">The alert being diagnosed; its start sets how far back events still count.</param>
    /// <param name="bundles">The evidence collected for the alert's target(s); the first is the main target's.</param>
    /// <param name="now">The moment of the analysis.</param>
    public static Diagnosis Diagnose(AlertInfo alert, IReadOnlyList<EvidenceBundle> bundles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(bundles);
        var context = new RuleContext(alert, bundles, now);
        var ranked = Ranking.Rank(context, RuleSet.All.SelectMany(rule => rule.Evaluate(context)));
        if (ranked.Count == 0)
            return NoIssue(context);

        var best = ranked[0];
        var findings = best.Findings.DistinctBy(f => f.Id).ToList();
        return new Diagnosis
        {
            RootCause = new RootCause
            {
                Category = best.Category,
                Resource = best.Culprit,
                Summary = best.Summary,
                Confidence = best.Confidence,
                Evidence = findings.Select(f => f.Id).ToList(),
            },
            Findings = findings,
            Actions = best.Actions.ToList(),
            Alternatives = ranked.Skip(1).Take(MaxAlternatives).Select(c => new CandidateCause(c.Category, c.Culprit, c.Confidence, c.Summary)).ToList(),
        };
    }

    /// <summary>
    /// Every cause the rules find in <paramref name="bundles"/> without an alert, as the daily inspection reports them:
    /// one per category and culprit, most confident first. Events older than <see cref="RuleContext.Lookback"/> before
    /// <paramref name="now"/> are history.
    /// </summary>
    public static IReadOnlyList<DetectedCause> Detect(IReadOnlyList<EvidenceBundle> bundles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var probe = new AlertInfo("firing", new Dictionary<string, string>(), new Dictionary<string, string>(), now);
        var context = new RuleContext(probe, bundles, now);
        return Ranking.Rank(context, RuleSet.All.SelectMany(rule => rule.Evaluate(context)))
            .Select(c => new DetectedCause(c.Category, c.Culprit, c.Confidence, c.Summary,
                c.Actions.FirstOrDefault(a => a.Kind == ActionKinds.None)?.Description ?? c.Actions.FirstOrDefault()?.Description ?? ""))
            .ToList();
    }

    private static Diagnosis NoIssue(RuleContext context)
    {
        var target = context.Target;
        var resolved = string.Equals(context.Alert.Status, "resolved", StringComparison.OrdinalIgnoreCase);
        var obj = target is null ? null : context.Find(target);
        var findings = obj is null ? [] : new List<Finding> { RuleContext.Cite(obj, "looks healthy now", "info") };
        var what = target is null ? "the alert's target" : RuleContext.Describe(target);
        var summary = resolved
            ? $"No issue: alert {context.Alert.AlertName} has resolved and {what} looks healthy"
            : $"No issue found: {what} looks healthy now, so alert {context.Alert.AlertName} is likely a false alarm or already recovered";
        return new Diagnosis
        {
            RootCause = new RootCause
            {
                Category = Categories.NoIssue,
                Resource = target,
                Summary = summary,
                Confidence = resolved ? 0.8 : 0.6,
                Evidence = findings.Select(f => f.Id).ToList(),
            },
            Findings = findings,
            Actions = target is null ? [] : [Actions.Manual(target, "Nothing to fix; if the alert keeps firing, check its expression and thresholds.")],
        };
    }
}
