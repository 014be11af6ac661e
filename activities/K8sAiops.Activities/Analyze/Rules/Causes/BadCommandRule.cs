namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>bad-command</c>: the container's command or entrypoint cannot start (StartError, RunContainerError, exit 127/128).</summary>
internal sealed class BadCommandRule : IDiagnosisRule
{
    public string Category => Categories.BadCommand;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failing = context.Containers().Where(c => c.TroubledSince(context.Horizon) &&
            (c.WaitingReason is "RunContainerError" or "StartError" or "ContainerCannotRun"
             || c.TerminatedReason is "StartError" or "ContainerCannotRun"
             || Json.Contains(c.TerminatedMessage, "executable file not found") || Json.Contains(c.WaitingMessage, "executable file not found")));
        foreach (var group in failing.GroupBy(c => context.WorkloadOf(c.Pod.Ref)))
        {
            var workload = group.Key;
            var worst = group.OrderByDescending(c => c.Restarts).First();
            var message = worst.TerminatedMessage ?? worst.WaitingMessage ?? "";
            var findings = group.Select(c => RuleContext.Cite(c.Pod,
                $"container {c.Name}: {c.WaitingReason ?? c.TerminatedReason}, exit {c.ExitCode}: {c.TerminatedMessage ?? c.WaitingMessage}")).ToList();
            var command = Json.At(worst.Spec, "command")?.ToJsonString() ?? "(image entrypoint)";
            var cause = message.IndexOf("exec:", StringComparison.Ordinal) is >= 0 and var at ? message[at..] : message;
            if (cause.EndsWith(": unknown", StringComparison.Ordinal))
                cause = cause[..^": unknown".Length];
            var summary = $"{RuleContext.Describe(workload)} cannot start container {worst.Name}: {cause} (command {command}, {worst.Restarts} restarts)";
            yield return new Candidate(Category, workload, 0.92, summary, findings,
            [
                Actions.RollbackOrFix(context, workload, "the current revision's command cannot start",
                    $"Fix the command/args of container {worst.Name} ({command}) to a program the image has, e.g. kubectl -n {workload.Namespace} edit {workload.Kind.ToLowerInvariant()}/{workload.Name}."),
            ]);
        }
    }
}
