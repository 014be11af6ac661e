namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>init-container-failure</c>: an init container fails or never finishes; beats the app container waiting behind it.</summary>
internal sealed class InitContainerFailureRule : IDiagnosisRule
{
    public string Category => Categories.InitContainerFailure;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failing = context.Containers(init: true).Where(c => !c.Ready
            && (c.WaitingReason is "CrashLoopBackOff" or "Error" || (c.ExitCode is { } code && code != 0)));
        foreach (var group in failing.GroupBy(c => context.WorkloadOf(c.Pod.Ref)))
        {
            var workload = group.Key;
            var worst = group.OrderByDescending(c => c.Restarts).First();
            var findings = group.Select(c => RuleContext.Cite(c.Pod,
                $"init container {c.Name} is {c.WaitingReason ?? c.TerminatedReason}: exit {c.ExitCode}, {c.Restarts} restarts (pod stuck in Init)")).ToList();
            var log = context.Logs.Where(l => l.Container == worst.Name && l.Pod == worst.Pod.Ref).OrderByDescending(l => l.Previous).FirstOrDefault();
            var error = log is null ? null : ErrorLines.Best(log.ErrorLines.Concat(log.TailLines).Select(line => (log, line)));
            if (error is { } e)
                findings.Add(RuleContext.Cite(e.Log, e.Line));
            var why = error is { } f ? $": {f.Line.Trim()}" : "";
            var summary = $"{RuleContext.Describe(workload)} is stuck initializing: init container {worst.Name} exits with code {worst.ExitCode} ({worst.Restarts} restarts){why}";
            yield return new Candidate(Category, workload, 0.93, summary, findings,
            [
                Actions.RollbackOrFix(context, workload, $"init container {worst.Name} fails in the current revision",
                    $"Fix what init container {worst.Name} needs (kubectl -n {workload.Namespace} logs {worst.Pod.Ref.Name} -c {worst.Name} --previous); the app containers start once it succeeds."),
            ]);
        }
    }
}
