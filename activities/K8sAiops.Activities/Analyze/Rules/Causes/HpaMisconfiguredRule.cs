namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>hpa-misconfigured</c>: an autoscaler cannot act (ScalingActive=False, AbleToScale=False, FailedGetResourceMetric).</summary>
internal sealed class HpaMisconfiguredRule : IDiagnosisRule
{
    public string Category => Categories.HpaMisconfigured;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var hpa in context.OfKind("HorizontalPodAutoscaler"))
        {
            var broken = new[] { "ScalingActive", "AbleToScale" }.Select(t => Json.Condition(hpa.Object, t)).FirstOrDefault(c => Json.Str(c, "status") == "False");
            var events = context.EventsAbout(hpa.Ref).Where(e => e.Type == "Warning" && e.Reason.StartsWith("Failed", StringComparison.Ordinal)).ToList();
            if (broken is null && events.Count == 0)
                continue;
            var findings = new List<Finding> { RuleContext.Cite(hpa, broken is null ? "autoscaler warnings" : $"{Json.Str(broken, "type")}=False ({Json.Str(broken, "reason")}): {Json.Str(broken, "message")}") };
            findings.AddRange(events.Take(2).Select(e => RuleContext.Cite(e)));
            var why = events.FirstOrDefault()?.Message ?? Json.Str(broken, "message") ?? "";
            var target = Json.Str(hpa.Object, "spec", "scaleTargetRef", "name") ?? "?";
            var kind = Json.Str(hpa.Object, "spec", "scaleTargetRef", "kind") ?? "Deployment";
            var summary = $"HorizontalPodAutoscaler {hpa.Ref.Namespace}/{hpa.Ref.Name} cannot scale {kind} {target}: {why}";
            var missingRequest = why.Contains("missing request for cpu", StringComparison.Ordinal);
            yield return new Candidate(Category, hpa.Ref, 0.9, summary, findings,
            [
                new ProposedAction
                {
                    Kind = ActionKinds.None, Target = hpa.Ref, Risk = "low",
                    Description = missingRequest
                        ? $"Give every container of {kind} {target} a cpu request so the autoscaler can compute utilization."
                        : $"Fix the autoscaler's target or metrics (kubectl -n {hpa.Ref.Namespace} describe hpa {hpa.Ref.Name}).",
                    Commands = missingRequest
                        ? [$"kubectl -n {hpa.Ref.Namespace} set resources {kind.ToLowerInvariant()}/{target} --requests=cpu=100m"]
                        : [$"kubectl -n {hpa.Ref.Namespace} describe hpa {hpa.Ref.Name}"],
                },
            ]);
        }
    }
}
