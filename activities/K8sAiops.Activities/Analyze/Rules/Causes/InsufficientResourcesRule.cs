namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>insufficient-resources</c>: no node has the cpu, memory, extended resources or pod slots a Pending pod requests.</summary>
internal sealed class InsufficientResourcesRule : IDiagnosisRule
{
    public string Category => Categories.InsufficientResources;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var failures = Scheduling.Failures(context)
            .Where(f => f.Event.Message.Contains("Insufficient", StringComparison.Ordinal) || f.Event.Message.Contains("Too many pods", StringComparison.Ordinal));
        foreach (var group in failures.GroupBy(f => context.WorkloadOf(f.Pod.Ref)))
        {
            var workload = group.Key;
            var requests = Json.Array(group.First().Pod.Object, "spec", "containers").Select(c => Json.At(c, "resources", "requests")?.ToJsonString()).FirstOrDefault(r => r is not null);
            yield return Scheduling.Candidate(context, Category, workload, group.ToList(), $"no node has room for its requests {requests}",
                Actions.Manual(workload, $"Lower the pods' resource requests to what a node can offer (kubectl -n {workload.Namespace} set resources {workload.Kind.ToLowerInvariant()}/{workload.Name} --requests=...) or add nodes with more allocatable capacity (kubectl describe nodes shows what is allocated)."));
        }
    }
}
