using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>Services named by the collector's notes (source <c>service/NS/NAME</c>) and the clients whose logs fail to reach them.</summary>
internal static class ServiceRefs
{
    public static ResourceRef? FromSource(string source)
    {
        var parts = source.Split('/');
        return parts is ["service", var ns, var name] ? new ResourceRef("Service", ns, name) : null;
    }

    /// <summary>
    /// A log line of a client that names the Service's host: as a DNS name, in a URL, as <c>host=</c>, or as netcat's
    /// <c>connect to NAME port N</c> (the wait loops of init containers).
    /// </summary>
    public static (EvidenceLog Log, string Line)? ClientError(RuleContext context, ResourceRef service) =>
        context.Logs.SelectMany(l => l.ErrorLines.Select(line => (Log: l, Line: line)))
            .Where(x => x.Line.Contains($"{service.Name}.{service.Namespace}", StringComparison.Ordinal)
                        || x.Line.Contains($"//{service.Name}", StringComparison.Ordinal) || x.Line.Contains($"host={service.Name}", StringComparison.Ordinal)
                        || x.Line.Contains($"connect to {service.Name} port ", StringComparison.Ordinal))
            .Select(x => ((EvidenceLog, string)?)x).FirstOrDefault();

    /// <summary>The Service object, its Endpoints and a client's failing log line, as findings.</summary>
    public static List<Finding> Findings(RuleContext context, ResourceRef service, string serviceText)
    {
        var findings = new List<Finding>();
        if (context.Find(service) is { } svc)
            findings.Add(RuleContext.Cite(svc, serviceText));
        if (context.Find(service with { Kind = "Endpoints" }) is { } endpoints)
            findings.Add(RuleContext.Cite(endpoints, "ready addresses: " + (Json.Array(endpoints.Object, "subsets").Sum(s => Json.Array(s, "addresses").Count())), "warning"));
        if (ClientError(context, service) is { } client)
            findings.Add(RuleContext.Cite(client.Log, client.Line));
        return findings;
    }
}
