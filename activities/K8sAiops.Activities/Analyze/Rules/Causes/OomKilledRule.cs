namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>oom-killed</c>: a container's last termination is OOMKilled (exit 137). Beats a generic crash loop.</summary>
internal sealed class OomKilledRule : IDiagnosisRule
{
    public string Category => Categories.OomKilled;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var killed = context.Containers().Where(c => c.TerminatedReason == "OOMKilled" && c.TroubledSince(context.Horizon));
        foreach (var group in killed.GroupBy(c => context.WorkloadOf(c.Pod.Ref)))
        {
            var workload = group.Key;
            var worst = group.OrderByDescending(c => c.Restarts).First();
            var limit = worst.MemoryLimit;
            var findings = group.Select(c => RuleContext.Cite(c.Pod,
                $"container {c.Name} was OOMKilled (exit {c.ExitCode}), {c.Restarts} restarts, memory limit {c.MemoryLimit ?? "none"}")).ToList();
            findings.AddRange(group.SelectMany(c => context.EventsAbout(c.Pod.Ref)).Where(e => e.Reason == "BackOff").Take(1).Select(e => RuleContext.Cite(e)));
            var summary = $"{RuleContext.Describe(workload)} is OOMKilled: container {worst.Name} exceeded its {limit ?? "(unset)"} memory limit " +
                          $"(exit {worst.ExitCode ?? 137}, {worst.Restarts} restarts)";
            yield return new Candidate(Category, workload, 0.95, summary, findings,
                [Actions.PatchMemory(workload, worst.Name, limit, worst.HeapMaximumBytes), Actions.Restart(workload)]);
        }
    }
}
