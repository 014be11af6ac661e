namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>probe-failure</c>: readiness or liveness probes fail. A symptom-level rule: when the probe fails because a
/// dependency is down, the dependency rules outrank it. When the kubelet kills the containers for it (<c>Killing ...
/// failed liveness probe, will be restarted</c>), the probe explains the restarts and their exit codes (137 or 143 with
/// reason Error, not OOMKilled), so the rule outranks the crash-loop reading of them.
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
            var pods = group.Select(e => e.InvolvedObject).ToHashSet();
            var kills = context.Events.Where(e => e.Reason == "Killing" && pods.Contains(e.InvolvedObject) && Json.Contains(e.Message, "failed liveness probe")).ToList();
            // The liveness failures first when they kill: they are what a person must fix.
            var events = group.OrderByDescending(e => kills.Count > 0 && e.Message.StartsWith("Liveness", StringComparison.Ordinal)).ToList();
            var first = events[0];
            var findings = events.Take(3).Select(e => RuleContext.Cite(e)).ToList();
            findings.AddRange(kills.Take(1).Select(e => RuleContext.Cite(e)));
            if (context.Find(first.InvolvedObject) is { } pod)
                findings.Insert(0, RuleContext.Cite(pod, kills.Count > 0 ? "restarted by its liveness probe, not ready" : "running but not ready", "warning"));
            var ready = context.Find(workload) is { } w ? $" ({Json.Long(w.Object, "status", "readyReplicas") ?? 0} of {Json.Long(w.Object, "spec", "replicas") ?? 0} ready)" : "";
            var count = events.Where(e => e.Message.StartsWith(first.Message[..Math.Min(9, first.Message.Length)], StringComparison.Ordinal)).Sum(e => e.Count);
            var killed = kills.Count > 0 ? $"; the kubelet restarted its containers {kills.Sum(e => e.Count)} times for it" : "";
            var summary = $"{RuleContext.Describe(workload)} fails its probes{ready}: {first.Message} (x{count}){killed}";
            var fix = kills.Count > 0
                ? $"The liveness probe kills the container before it is up: give it time to start (a startupProbe, or a larger initialDelaySeconds/failureThreshold/timeoutSeconds on the livenessProbe of {RuleContext.Describe(workload)}), or find why the endpoint answers slowly (kubectl -n {workload.Namespace} logs {first.InvolvedObject.Name} --previous)."
                : $"Find why the probe's endpoint fails (kubectl -n {workload.Namespace} logs {first.InvolvedObject.Name}); fix the app or the probe's port/path/thresholds in {RuleContext.Describe(workload)}.";
            yield return new Candidate(Category, workload, kills.Count > 0 ? 0.8 : 0.6, summary, findings, [Actions.Manual(workload, fix)]);
        }
    }
}
