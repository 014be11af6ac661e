using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>service-no-endpoints</c>: a Service selects no pods (selector typo, labels changed). The Service is the culprit, not its clients.</summary>
internal sealed class ServiceNoEndpointsRule : IDiagnosisRule
{
    public string Category => Categories.ServiceNoEndpoints;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var note in context.Notes.Where(n => n.Severity == NoteSeverity.Error && n.Text.Contains("selects no pods", StringComparison.Ordinal)))
        {
            if (ServiceRefs.FromSource(note.Source) is not { } service)
                continue;
            var selector = context.Find(service) is { } svc ? Json.At(svc.Object, "spec", "selector")?.ToJsonString() : null;
            var findings = ServiceRefs.Findings(context, service, $"selector {selector}");
            findings.Insert(0, RuleContext.Cite(note));
            var client = ServiceRefs.ClientError(context, service);
            var summary = $"Service {service.Namespace}/{service.Name} has no endpoints: its selector {selector} matches no pod" +
                          (client is { } c ? $", so {c.Log.Pod.Name} fails to reach it" : "");
            yield return new Candidate(Category, service, 0.9, summary, findings,
            [
                Actions.Manual(service, $"Fix the Service's selector to the labels its pods carry (kubectl -n {service.Namespace} get pods --show-labels; kubectl -n {service.Namespace} edit service {service.Name})."),
            ]);
        }
    }
}
