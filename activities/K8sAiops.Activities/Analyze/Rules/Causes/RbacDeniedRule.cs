using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>rbac-denied</c>: the application's ServiceAccount lacks a permission it needs ("forbidden: User system:serviceaccount:...").</summary>
internal sealed partial class RbacDeniedRule : IDiagnosisRule
{
    public string Category => Categories.RbacDenied;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var denied = context.LogLines().Where(x => x.Line.Contains("forbidden", StringComparison.Ordinal) && x.Line.Contains("system:serviceaccount:", StringComparison.Ordinal));
        foreach (var group in denied.GroupBy(x => context.WorkloadOf(x.Log.Pod)))
        {
            var workload = group.Key;
            var first = group.First();
            var match = Denial().Match(first.Line);
            var findings = new List<Finding> { RuleContext.Cite(first.Log, first.Line) };
            if (context.Find(first.Log.Pod) is { } pod)
                findings.Add(RuleContext.Cite(pod, "its ServiceAccount is denied by the API server", "warning"));
            var (account, verb, resource) = match.Success ? (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value) : ($"system:serviceaccount:{workload.Namespace}:default", "get", "RESOURCE");
            var sa = account.Split(':').Last();
            var summary = $"{RuleContext.Describe(workload)} is denied by RBAC: ServiceAccount {workload.Namespace}/{sa} cannot {verb} {resource}";
            yield return new Candidate(Category, workload, 0.94, summary, findings,
            [
                new ProposedAction
                {
                    Kind = ActionKinds.None, Target = workload, Risk = "low",
                    Description = $"Grant ServiceAccount {workload.Namespace}/{sa} the {verb} permission on {resource} with a Role and RoleBinding (review before applying).",
                    Commands =
                    [
                        $"kubectl -n {workload.Namespace} create role {sa}-{resource} --verb=get,list,watch --resource={resource}",
                        $"kubectl -n {workload.Namespace} create rolebinding {sa}-{resource} --role={sa}-{resource} --serviceaccount={workload.Namespace}:{sa}",
                    ],
                },
            ]);
        }
    }

    [GeneratedRegex("User \"([^\"]+)\" cannot (\\w+) resource \"([^\"]+)\"")]
    private static partial Regex Denial();
}
