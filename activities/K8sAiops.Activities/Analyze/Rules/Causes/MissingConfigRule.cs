using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>missing-config</c>: a referenced ConfigMap, Secret or key does not exist (CreateContainerConfigError, FailedMount not found).</summary>
internal sealed class MissingConfigRule : IDiagnosisRule
{
    public string Category => Categories.MissingConfig;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var missingNotes = context.Notes.Where(n => n.Severity == NoteSeverity.Error
            && (n.Source.StartsWith("configmap/", StringComparison.Ordinal) || n.Source.StartsWith("secret/", StringComparison.Ordinal))
            && (n.Text.Contains("does not exist", StringComparison.Ordinal) || n.Text.Contains("has no key", StringComparison.Ordinal))).ToList();
        var mountFailures = context.Events.Where(e => e.Reason == "FailedMount" && e.InvolvedObject.Kind == "Pod"
            && (Json.Contains(e.Message, "configmap") || Json.Contains(e.Message, "secret")) && Json.Contains(e.Message, "not found")).ToList();
        var waiting = context.Containers().Concat(context.Containers(init: true)).Where(c => c.WaitingReason == "CreateContainerConfigError").ToList();

        var pods = waiting.Select(c => c.Pod.Ref).Concat(mountFailures.Select(e => e.InvolvedObject)).Distinct().ToList();
        if (pods.Count == 0 && missingNotes.Count == 0)
            yield break;
        var workloads = pods.Count > 0 ? pods.Select(context.WorkloadOf).Distinct().ToList()
            : context.Target is { } target ? [context.WorkloadOf(target)] : [];
        foreach (var workload in workloads)
        {
            var mine = waiting.Where(c => context.WorkloadOf(c.Pod.Ref) == workload).ToList();
            var findings = mine.Select(c => RuleContext.Cite(c.Pod, $"container {c.Name} is CreateContainerConfigError: {c.WaitingMessage}")).ToList();
            findings.AddRange(mountFailures.Where(e => context.WorkloadOf(e.InvolvedObject) == workload).Take(2).Select(e => RuleContext.Cite(e)));
            findings.AddRange(missingNotes.Select(RuleContext.Cite));
            var what = missingNotes.FirstOrDefault()?.Text ?? mine.FirstOrDefault()?.WaitingMessage ?? mountFailures.FirstOrDefault()?.Message ?? "a referenced object is missing";
            var summary = $"{RuleContext.Describe(workload)} cannot start its containers: {what}";
            yield return new Candidate(Category, workload, 0.92, summary, findings,
            [
                Actions.Manual(workload, $"Create the missing object (or key) or fix the reference in {RuleContext.Describe(workload)}: {what}. " +
                    $"E.g. kubectl -n {workload.Namespace} create secret generic NAME --from-literal=KEY=VALUE, then kubectl -n {workload.Namespace} rollout restart {workload.Kind.ToLowerInvariant()}/{workload.Name}."),
            ]);
        }
    }
}
