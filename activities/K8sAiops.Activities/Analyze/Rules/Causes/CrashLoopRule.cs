namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>crash-loop</c>: the application exits with an error at start (CrashLoopBackOff, non-zero exit), not OOM and not a
/// command that cannot start. A symptom-level rule: causes found in the logs (a dependency, a permission) outrank it.
/// </summary>
internal sealed class CrashLoopRule : IDiagnosisRule
{
    public string Category => Categories.CrashLoop;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var crashing = context.Containers().Where(c =>
            (c.WaitingReason == "CrashLoopBackOff" || (c.TerminatedReason == "Error" && !c.Ready && c.FinishedAt >= context.Horizon))
            && c.TerminatedReason is not ("OOMKilled" or "StartError" or "ContainerCannotRun")
            && c.ExitCode is not (127 or 128 or 137)
            && context.WorkloadOf(c.Pod.Ref).Kind is not ("Job" or "CronJob"));
        foreach (var group in crashing.GroupBy(c => context.WorkloadOf(c.Pod.Ref)))
        {
            var workload = group.Key;
            var worst = group.OrderByDescending(c => c.Restarts).First();
            var findings = group.Select(c => RuleContext.Cite(c.Pod,
                $"container {c.Name} is {c.WaitingReason ?? "not ready"}: last exit code {c.ExitCode}, {c.Restarts} restarts")).ToList();
            var logs = group.SelectMany(c => context.Logs.Where(l => l.Pod == c.Pod.Ref && l.Container == c.Name)).OrderByDescending(l => l.Previous).ToList();
            var error = ErrorLines.Best(logs.Take(1).SelectMany(l => l.ErrorLines.Select(line => (l, line))));
            if (error is { } e)
                findings.Add(RuleContext.Cite(e.Log, e.Line));
            var why = error is { } f ? $": {f.Line.Trim()}" : "";
            var summary = $"{RuleContext.Describe(workload)} is crash-looping: container {worst.Name} exits with code {worst.ExitCode} " +
                          $"({worst.Restarts} restarts){why}";
            yield return new Candidate(Category, workload, 0.7, summary, findings,
            [
                Actions.RollbackOrFix(context, workload, "the current revision exits at start",
                    $"Fix what makes container {worst.Name} exit at start (see its previous logs: kubectl -n {workload.Namespace} logs {worst.Pod.Ref.Name} -c {worst.Name} --previous), then roll out again."),
            ]);
        }
    }
}
