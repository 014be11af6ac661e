using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary>
/// <c>node-pressure</c>: a node under Memory/Disk/PID pressure evicts or rejects pods. The node is the culprit, not the evicted
/// pod — also when the pressure has cleared by the time anyone looks (the kubelet evicted enough to get below its threshold)
/// and only the pods it evicted since the horizon, Failed with <c>The node was low on resource</c>, are left to tell.
/// </summary>
internal sealed class NodePressureRule : IDiagnosisRule
{
    private static readonly string[] Pressures = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    public string Category => Categories.NodePressure;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var node in context.OfKind("Node"))
        {
            var evicted = context.LivePods.Where(p => Json.Str(p.Object, "status", "reason") == "Evicted" && Json.Str(p.Object, "spec", "nodeName") == node.Ref.Name).ToList();
            var evictions = context.Notes.Where(n => n.Source == node.Ref.ToString() && n.Text.Contains("evicted", StringComparison.Ordinal)).ToList();
            var pressure = Pressures.FirstOrDefault(p => Json.Str(Json.Condition(node.Object, p), "status") == "True");
            if (pressure is not null)
            {
                yield return UnderPressure(context, node, pressure, evicted, evictions);
                continue;
            }

            // Cleared: only evictions since the horizon count (an eviction days ago is history, not this alert's trouble).
            var recent = evicted.Where(p => Json.Contains(Json.Str(p.Object, "status", "message"), "The node was low on resource")
                                            && EvictedAt(context, p) is { } at && at >= context.Horizon).ToList();
            if (recent.Count > 0)
                yield return Cleared(context, node, recent, evictions);
        }
    }

    private static Candidate UnderPressure(RuleContext context, EvidenceObject node, string pressure, List<EvidenceObject> evicted, List<CollectorNote> evictions)
    {
        var findings = new List<Finding> { RuleContext.Cite(node, $"{pressure}=True: {Json.Str(Json.Condition(node.Object, pressure), "message")}") };
        findings.AddRange(evictions.Select(RuleContext.Cite));
        findings.AddRange(evicted.Take(2).Select(p => RuleContext.Cite(p, $"Evicted: {Json.Str(p.Object, "status", "message")}")));
        findings.AddRange(context.EventsAbout(node.Ref).Where(e => e.Type == "Warning").Take(1).Select(e => RuleContext.Cite(e)));
        var count = Math.Max(evicted.Count, evictions.Count);
        var summary = $"Node {node.Ref.Name} is under {pressure}" +
                      (count > 0 ? $" and evicts pods (e.g. {evicted.FirstOrDefault()?.Ref.Name ?? "see notes"}): {Json.Str(evicted.FirstOrDefault()?.Object, "status", "message")?.Split(". ")[0] ?? evictions[0].Text}" : "");
        return new Candidate(Categories.NodePressure, node.Ref, count > 0 ? 0.94 : 0.8, summary, findings,
        [
            Actions.Cordon(node.Ref, pressure),
            Actions.Manual(node.Ref, $"Find what uses the node's {pressure.Replace("Pressure", "", StringComparison.Ordinal).ToLowerInvariant()} (kubectl describe node {node.Ref.Name}; kubectl top pods -A --sort-by=memory) and set limits on the pods that use more than they request."),
        ]);
    }

    private static Candidate Cleared(RuleContext context, EvidenceObject node, List<EvidenceObject> evicted, List<CollectorNote> evictions)
    {
        var latest = evicted.OrderByDescending(p => EvictedAt(context, p)).First();
        var message = Json.Str(latest.Object, "status", "message") ?? "";
        var resource = LowResource(message);
        var pressure = resource switch
        {
            "memory" => "MemoryPressure",
            "pids" => "PIDPressure",
            _ => "DiskPressure",
        };
        var condition = Json.Condition(node.Object, pressure);
        var since = Json.Str(condition, "lastTransitionTime");
        var findings = new List<Finding> { RuleContext.Cite(node, $"{pressure}={Json.Str(condition, "status") ?? "unknown"} since {since ?? "(unknown)"}, after evicting pods", "warning") };
        findings.AddRange(evictions.Select(RuleContext.Cite));
        findings.AddRange(evicted.Take(2).Select(p => RuleContext.Cite(p, $"Evicted: {Json.Str(p.Object, "status", "message")}")));
        findings.AddRange(context.EventsAbout(node.Ref).Where(e => e.Type == "Warning").Take(1).Select(e => RuleContext.Cite(e)));
        var summary = $"Node {node.Ref.Name} ran low on {resource} and evicted pods (e.g. {latest.Ref.Name}): {message.Split(". ")[0]}; " +
                      $"its {pressure} has cleared{(since is null ? "" : $" (since {since})")}, so it will happen again unless what fills it is limited";
        var what = resource == "memory" ? "memory" : resource == "pids" ? "processes" : "disk (emptyDir volumes, container logs and writable layers)";
        return new Candidate(Categories.NodePressure, node.Ref, 0.9, summary, findings,
        [
            Actions.Manual(node.Ref, $"Find what used the node's {what} (kubectl describe node {node.Ref.Name}; the evicted pods' messages name the container) and set " +
                $"{(resource == "memory" ? "memory" : resource == "pids" ? "pid" : "ephemeral-storage")} requests and limits on it (or size emptyDir volumes with sizeLimit); " +
                $"then delete the Failed pods: kubectl delete pods -A --field-selector=status.phase=Failed,spec.nodeName={node.Ref.Name}."),
            Actions.Cordon(node.Ref, pressure),
        ]);
    }

    /// <summary>The resource of <c>The node was low on resource: X.</c>, e.g. <c>ephemeral-storage</c>.</summary>
    private static string LowResource(string message)
    {
        const string prefix = "The node was low on resource: ";
        var start = message.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
            return "ephemeral-storage";
        var rest = message[(start + prefix.Length)..];
        var end = rest.IndexOf('.', StringComparison.Ordinal);
        return (end < 0 ? rest : rest[..end]).Trim();
    }

    /// <summary>When the kubelet evicted the pod: its DisruptionTarget condition, else its Evicted event.</summary>
    private static DateTimeOffset? EvictedAt(RuleContext context, EvidenceObject pod) =>
        Json.Time(Json.Condition(pod.Object, "DisruptionTarget"), "lastTransitionTime")
        ?? context.EventsAbout(pod.Ref).Where(e => e.Reason == "Evicted").Select(e => e.LastTimestamp ?? e.FirstTimestamp).Max();
}
