namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>quota-exceeded</c>: a ResourceQuota or LimitRange rejects pod creation (FailedCreate ... exceeded quota / forbidden).</summary>
internal sealed class QuotaExceededRule : IDiagnosisRule
{
    public string Category => Categories.QuotaExceeded;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var refused = context.Events.Where(e => e.Reason == "FailedCreate"
            && (Json.Contains(e.Message, "exceeded quota") || Json.Contains(e.Message, "LimitRange") || Json.Contains(e.Message, "maximum memory usage") || Json.Contains(e.Message, "maximum cpu usage")));
        foreach (var group in refused.GroupBy(e => context.WorkloadOf(e.InvolvedObject)))
        {
            var workload = group.Key;
            var first = group.First();
            var findings = new List<Finding> { RuleContext.Cite(first, "error") };
            if (context.Find(first.InvolvedObject) is { } owner)
                findings.Add(RuleContext.Cite(owner, "cannot create its pods", "warning"));
            var quotas = context.OfKind("ResourceQuota").ToList();
            findings.AddRange(quotas.Take(1).Select(q => RuleContext.Cite(q, "the namespace's quota", "warning")));
            findings.AddRange(context.Notes.Where(n => n.Text.Contains("is used up", StringComparison.Ordinal)).Select(RuleContext.Cite));
            var message = first.Message.IndexOf("exceeded quota", StringComparison.Ordinal) is >= 0 and var at ? first.Message[at..] : first.Message;
            var summary = $"{RuleContext.Describe(workload)} cannot create pods: {message}";
            var quota = quotas.FirstOrDefault()?.Ref.Name ?? "QUOTA";
            yield return new Candidate(Category, workload, 0.92, summary, findings,
            [
                Actions.Manual(workload, $"Raise the namespace's quota (kubectl -n {workload.Namespace} edit resourcequota {quota}) or lower the requests/limits of {RuleContext.Describe(workload)} so its pods fit."),
            ]);
        }
    }
}
