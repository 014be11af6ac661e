using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>dependency-unavailable</c>: the application runs (or crashes) because a dependency its logs name is down.
/// Culprit: the dependency's workload when it is in the bundle and unhealthy, else its Service when that has no ready
/// endpoints, else (a dependency outside the cluster) the application's own workload.
/// </summary>
internal sealed class DependencyUnavailableRule : IDiagnosisRule
{
    private static readonly string[] Unreachable = ["connection refused", "no such host", "i/o timeout", "context deadline exceeded", "connection reset"];

    public string Category => Categories.DependencyUnavailable;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        var named = context.Notes.Where(n => n.Text.StartsWith("error logs of the collected pods fail to reach Service", StringComparison.Ordinal)).ToList();
        foreach (var note in named)
        {
            if (ServiceRefs.FromSource(note.Source) is not { } service)
                continue;
            var client = ServiceRefs.ClientError(context, service);
            var backing = context.Objects.Where(o => o.Ref.Kind is "Deployment" or "StatefulSet" && o.Ref.Namespace == service.Namespace
                    && (o.Ref.Name == service.Name || context.Notes.Any(n => n.Source == o.Ref.ToString() && n.Text.Contains($"behind Service {service.Namespace}/{service.Name}", StringComparison.Ordinal))))
                .FirstOrDefault();
            var noEndpoints = context.Notes.FirstOrDefault(n => n.Source == service.ToString() && n.Text.Contains("no ready endpoints", StringComparison.Ordinal));
            var findings = new List<Finding> { RuleContext.Cite(note) };
            if (client is { } c)
                findings.Add(RuleContext.Cite(c.Log, c.Line));
            var clientName = client is { } d ? context.WorkloadOf(d.Log.Pod).Name : "its clients";
            if (backing is not null && Json.Long(backing.Object, "spec", "replicas") is not 0 && context.Unhealthy(backing))
            {
                findings.Add(RuleContext.Cite(backing, $"{Json.Long(backing.Object, "status", "readyReplicas") ?? 0} of {Json.Long(backing.Object, "spec", "replicas") ?? 1} replicas ready"));
                var pod = context.Containers().Where(x => context.WorkloadOf(x.Pod.Ref) == backing.Ref && !x.Ready).FirstOrDefault();
                if (pod is not null)
                    findings.Add(RuleContext.Cite(pod.Pod, $"container {pod.Name} is {pod.WaitingReason ?? "not ready"} (exit {pod.ExitCode}, {pod.Restarts} restarts)"));
                var podLog = pod is null ? null : ErrorLines.Best(context.Logs.Where(l => l.Pod == pod.Pod.Ref).OrderByDescending(l => l.Previous).Take(1).SelectMany(l => l.ErrorLines.Select(line => (l, line))));
                if (podLog is { } e)
                    findings.Add(RuleContext.Cite(e.Log, e.Line));
                var why = podLog is { } f ? $": {f.Line.Trim()}" : pod is not null ? $" ({pod.WaitingReason})" : "";
                var summary = $"{clientName} cannot reach Service {service.Namespace}/{service.Name} because {RuleContext.Describe(backing.Ref)} behind it is down{why}";
                yield return new Candidate(Category, backing.Ref, 0.9, summary, findings,
                [
                    Actions.Restart(backing.Ref),
                    Actions.Manual(backing.Ref, $"Fix why {RuleContext.Describe(backing.Ref)} does not become ready (kubectl -n {backing.Ref.Namespace} logs {pod?.Pod.Ref.Name ?? backing.Ref.Name} --previous); its clients recover once it is."),
                ]);
            }
            else if (noEndpoints is not null && backing is null)
            {
                findings.Add(RuleContext.Cite(noEndpoints));
                yield return new Candidate(Category, service, 0.75, $"{clientName} cannot reach Service {service.Namespace}/{service.Name}: it has no ready endpoints", findings,
                    [Actions.Manual(service, $"Bring up the pods behind Service {service.Namespace}/{service.Name} (kubectl -n {service.Namespace} get endpoints {service.Name}).")]);
            }
        }

        if (named.Count > 0)
            yield break;
        // Nothing in the cluster named: a dependency outside it (a managed database, an external API, DNS).
        var outside = context.Logs.Where(l => context.Find(l.Pod) is not null)
            .SelectMany(l => l.ErrorLines.Select(line => (Log: l, Line: line)))
            .Where(x => Unreachable.Any(u => Json.Contains(x.Line, u)) && !Json.Contains(x.Line, "forbidden"))
            .Where(x => context.Containers().Any(c => c.Pod.Ref == x.Log.Pod && c.TroubledSince(context.Horizon)))
            .ToList();
        foreach (var group in outside.GroupBy(x => context.WorkloadOf(x.Log.Pod)))
        {
            var first = group.First();
            yield return new Candidate(Category, group.Key, 0.75, $"{RuleContext.Describe(group.Key)} cannot reach a dependency: {first.Line.Trim()}",
                [RuleContext.Cite(first.Log, first.Line)],
                [Actions.Manual(group.Key, "Check that the dependency the log names is up and reachable from the cluster (DNS, network policy, firewall, credentials).")]);
        }
    }
}
