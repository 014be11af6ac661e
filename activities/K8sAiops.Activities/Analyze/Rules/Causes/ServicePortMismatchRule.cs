using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>service-port-mismatch</c>: a Service's targetPort is not a port its pods declare.</summary>
internal sealed class ServicePortMismatchRule : IDiagnosisRule
{
    public string Category => Categories.ServicePortMismatch;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var note in context.Notes.Where(n => n.Severity == NoteSeverity.Error && n.Text.Contains("which no selected pod declares", StringComparison.Ordinal)))
        {
            if (ServiceRefs.FromSource(note.Source) is not { } service)
                continue;
            var findings = ServiceRefs.Findings(context, service, "targetPort matches no container port");
            findings.Insert(0, RuleContext.Cite(note));
            var client = ServiceRefs.ClientError(context, service);
            var summary = $"{note.Text}" + (client is { } c ? $"; {c.Log.Pod.Name} gets connection refused" : "");
            yield return new Candidate(Category, service, 0.94, summary, findings,
            [
                Actions.Manual(service, $"Set the Service's targetPort to the port the pods listen on (kubectl -n {service.Namespace} edit service {service.Name}, spec.ports[].targetPort)."),
            ]);
        }
    }
}
