namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>probe-failure</c>: readiness or liveness probes fail. A symptom-level rule: when the probe fails because a
/// dependency is down, the dependency rules outrank it.
/// </summary>
internal sealed class ProbeFailureRule : IDiagnosisRule
{
    public string Category => Categories.ProbeFailure;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var unhealthy = context.Events.Where(e => e.Reason == "Unhealthy" && e.InvolvedObject.Kind == "Pod" && Json.Contains(e.Message, "probe failed"));
        foreach (var group in unhealthy.GroupBy(e => context.WorkloadOf(e.InvolvedObject)))
        {
            var workload = group.Key;
            var first = group.First();
            var findings = group.Take(3).Select(e => RuleContext.Cite(e)).ToList();
            if (context.Find(first.InvolvedObject) is { } pod)
                findings.Insert(0, RuleContext.Cite(pod, "running but not ready", "warning"));
            var ready = context.Find(workload) is { } w ? $" ({Json.Long(w.Object, "status", "readyReplicas") ?? 0} of {Json.Long(w.Object, "spec", "replicas") ?? 0} ready)" : "";
            var summary = $"{RuleContext.Describe(workload)} fails its probes{ready}: {first.Message} (x{group.Sum(e => e.Count)})";
            yield return new Candidate(Category, workload, 0.6, summary, findings,
            [
                Actions.Manual(workload, $"Find why the probe's endpoint fails (kubectl -n {workload.Namespace} logs {first.InvolvedObject.Name}); fix the app or the probe's port/path/thresholds in {RuleContext.Describe(workload)}."),
            ]);
        }
    }
}
