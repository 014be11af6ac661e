namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>
/// Combines the rules' diagnosis with the valid part of a model's answer. When they agree on category and culprit,
/// the rules' root cause stays, with the model's summary and its extra findings. When they disagree, the model's root
/// cause wins only if it cites at least as much valid evidence and the rules were unsure (confidence below
/// <see cref="ReplaceBelowConfidence"/>); otherwise the rules stand and the model's view becomes an alternative.
/// </summary>
internal static class DiagnosisMerge
{
    public const double ReplaceBelowConfidence = 0.6;
    public const string AnalyzedBy = "rules+llm";

    public static Diagnosis Merge(Diagnosis rules, ValidAnswer llm)
    {
        var root = rules.RootCause;
        if (root.Category == llm.RootCause.Category && root.Resource == llm.RootCause.Resource)
        {
            return rules with
            {
                RootCause = root with
                {
                    Summary = llm.RootCause.Summary,
                    Evidence = root.Evidence.Union(llm.RootCause.Evidence).ToList(),
                },
                Findings = Union(rules.Findings, llm.Findings),
                AnalyzedBy = AnalyzedBy,
            };
        }

        var alternatives = rules.Alternatives.Where(a => a.Category != llm.RootCause.Category || a.Resource != llm.RootCause.Resource);
        if (llm.RootCause.Evidence.Count >= root.Evidence.Count && root.Confidence < ReplaceBelowConfidence)
        {
            return rules with
            {
                RootCause = llm.RootCause,
                Findings = Union(llm.Findings, rules.Findings),
                Actions = llm.Actions,
                Alternatives = [new CandidateCause(root.Category, root.Resource, root.Confidence, root.Summary), .. alternatives],
                AnalyzedBy = AnalyzedBy,
            };
        }

        var view = new CandidateCause(llm.RootCause.Category, llm.RootCause.Resource, llm.RootCause.Confidence, llm.RootCause.Summary);
        return rules with
        {
            Alternatives = [.. alternatives.Append(view).OrderByDescending(a => a.Confidence)],
            AnalyzedBy = AnalyzedBy,
        };
    }

    private static List<Finding> Union(List<Finding> first, List<Finding> second)
        => [.. first, .. second.Where(f => !first.Exists(e => e.Id == f.Id && e.Text == f.Text))];
}
