using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>The FailedScheduling events of Pending pods, which the two scheduling rules tell apart by the scheduler's reasons.</summary>
internal static class Scheduling
{
    public static IEnumerable<(EvidenceObject Pod, EvidenceEvent Event)> Failures(RuleContext context) =>
        context.LivePods.Where(p => Json.Str(p.Object, "status", "phase") == "Pending")
            .SelectMany(p => context.EventsAbout(p.Ref).Where(e => e.Reason == "FailedScheduling").Take(1).Select(e => (p, e)))
            .Where(f => !f.e.Message.Contains("unbound immediate PersistentVolumeClaims", StringComparison.Ordinal)
                        && !f.e.Message.Contains("persistentvolumeclaim", StringComparison.Ordinal));

    public static Candidate Candidate(RuleContext context, string category, ResourceRef workload, IReadOnlyList<(EvidenceObject Pod, EvidenceEvent Event)> failures,
        string what, ProposedAction action)
    {
        var findings = failures.Take(2).Select(f => RuleContext.Cite(f.Pod, "Pending: PodScheduled=False (Unschedulable)")).ToList();
        findings.AddRange(failures.Take(2).Select(f => RuleContext.Cite(f.Event)));
        var summary = $"{RuleContext.Describe(workload)} cannot be scheduled ({failures.Count} pod(s) Pending): {what}: {failures[0].Event.Message}";
        return new Candidate(category, workload, 0.88, summary, findings, [action]);
    }
}
