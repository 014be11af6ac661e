using System.Globalization;
using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>scaled-to-zero</c>: a workload was scaled to zero while something depends on it. Beats the Service that has
/// no endpoints because of it.
/// </summary>
internal sealed partial class ScaledToZeroRule : IDiagnosisRule
{
    public string Category => Categories.ScaledToZero;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var workload in context.Objects.Where(o => o.Ref.Kind is "Deployment" or "StatefulSet" && Json.Long(o.Object, "spec", "replicas") == 0))
        {
            var scaled = context.Bundles.SelectMany(b => b.Events)
                .Where(e => e.InvolvedObject == workload.Ref && e.Reason is "ScalingReplicaSet" or "SuccessfulDelete" && e.Message.Contains("to 0", StringComparison.Ordinal)).ToList();
            var empty = context.Notes.Where(n => n.Source.StartsWith($"service/{workload.Ref.Namespace}/", StringComparison.Ordinal)
                && (n.Text.Contains("no ready endpoints", StringComparison.Ordinal) || n.Text.Contains("selects no pods", StringComparison.Ordinal))).ToList();
            var depended = empty.Count > 0 || context.Target == workload.Ref;
            var findings = new List<Finding> { RuleContext.Cite(workload, "spec.replicas is 0") };
            findings.AddRange(scaled.Take(1).Select(e => RuleContext.Cite(e, "warning")));
            findings.AddRange(empty.Take(2).Select(RuleContext.Cite));
            var client = empty.Select(n => ServiceRefs.FromSource(n.Source)).OfType<Collect.Evidence.ResourceRef>()
                .Select(s => ServiceRefs.ClientError(context, s)).FirstOrDefault(c => c is not null);
            if (client is { } c)
                findings.Add(RuleContext.Cite(c.Log, c.Line));
            var from = scaled.Select(e => From().Match(e.Message)).FirstOrDefault(m => m.Success);
            var replicas = from is null ? 1 : long.Parse(from.Groups[1].Value, CultureInfo.InvariantCulture);
            var summary = $"{RuleContext.Describe(workload.Ref)} is scaled to 0 replicas" +
                          (scaled.Count > 0 ? $" ({scaled[0].Message})" : "") +
                          (client is { } d ? $", so {d.Log.Pod.Name} cannot reach it" : empty.Count > 0 ? ", so its Service has no endpoints" : "");
            yield return new Candidate(Category, workload.Ref, depended ? 0.95 : 0.5, summary, findings, [Actions.Scale(workload.Ref, replicas)]);
        }
    }

    [GeneratedRegex(@"to 0 from (\d+)")]
    private static partial Regex From();
}
