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
            yield return Scheduling.Candidate(context, Category, workload, group.ToList(), what,
                Actions.Manual(workload, $"Make the pod's nodeSelector/affinity/tolerations match a node (kubectl get nodes --show-labels), or label/untaint a node for it: kubectl label node NODE KEY=VALUE, or kubectl -n {workload.Namespace} edit {workload.Kind.ToLowerInvariant()}/{workload.Name}."));
        }
    }
}
