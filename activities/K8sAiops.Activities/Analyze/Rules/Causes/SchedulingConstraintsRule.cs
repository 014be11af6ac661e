using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>scheduling-constraints</c>: nodeSelector, affinity, taints or topology rules exclude every node.</summary>
internal sealed class SchedulingConstraintsRule : IDiagnosisRule
{
    private static readonly string[] Reasons = ["didn't match", "untolerated taint", "affinity", "topology spread", "didn't have free ports"];

    public string Category => Categories.SchedulingConstraints;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failures = Scheduling.Failures(context)
            .Where(f => !f.Event.Message.Contains("Insufficient", StringComparison.Ordinal) && Reasons.Any(r => f.Event.Message.Contains(r, StringComparison.Ordinal)));
        foreach (var group in failures.GroupBy(f => context.WorkloadOf(f.Pod.Ref)))
        {
            var workload = group.Key;
            var spec = Json.At(group.First().Pod.Object, "spec");
            var selector = Json.At(spec, "nodeSelector")?.ToJsonString();
            var what = selector is null ? "its affinity, tolerations or topology rules exclude every node" : $"its nodeSelector {selector} matches no schedulable node";
            var candidate = Scheduling.Candidate(context, Category, workload, group.ToList(), what,
                Actions.Manual(workload, $"Make the pod's nodeSelector/affinity/tolerations match a node (kubectl get nodes --show-labels), or label/untaint a node for it: kubectl label node NODE KEY=VALUE, or kubectl -n {workload.Namespace} edit {workload.Kind.ToLowerInvariant()}/{workload.Name}."));
            yield return WithWaitingClaims(context, candidate, group.Select(f => f.Pod));
        }
    }

    /// <summary>Names the claims that wait for these pods (WaitForFirstConsumer) as what follows from the cause, not as a cause.</summary>
    private static Candidate WithWaitingClaims(RuleContext context, Candidate candidate, IEnumerable<EvidenceObject> pods)
    {
        var claimNames = pods.SelectMany(p => Json.Array(p.Object, "spec", "volumes").Select(v => (p.Ref.Namespace, Name: Json.Str(v, "persistentVolumeClaim", "claimName"))))
            .Where(c => c.Name is not null).ToHashSet();
        var waiting = context.OfKind("PersistentVolumeClaim")
            .Where(c => claimNames.Contains((c.Ref.Namespace, c.Ref.Name)) && Json.Str(c.Object, "status", "phase") == "Pending" && PvcPendingRule.WaitsForConsumer(context, c))
            .ToList();
        if (waiting.Count == 0)
            return candidate;
        var findings = candidate.Findings.Concat(waiting.Select(c => RuleContext.Cite(c,
            "Pending: its StorageClass binds on the first consumer (WaitForFirstConsumer), so it waits for the pod to be scheduled", "info"))).ToList();
        var names = string.Join(", ", waiting.Select(c => $"{c.Ref.Namespace}/{c.Ref.Name}"));
        return candidate with
        {
            Findings = findings,
            Summary = $"{candidate.Summary} (PersistentVolumeClaim {names} stays Pending until then: it waits for its first consumer)",
        };
    }
}
