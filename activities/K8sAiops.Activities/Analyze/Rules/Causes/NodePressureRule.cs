namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>node-pressure</c>: a node under Memory/Disk/PID pressure evicts or rejects pods. The node is the culprit, not the evicted pod.</summary>
internal sealed class NodePressureRule : IDiagnosisRule
{
    private static readonly string[] Pressures = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    public string Category => Categories.NodePressure;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var node in context.OfKind("Node"))
        {
            var pressure = Pressures.FirstOrDefault(p => Json.Str(Json.Condition(node.Object, p), "status") == "True");
            if (pressure is null)
                continue;
            var findings = new List<Finding> { RuleContext.Cite(node, $"{pressure}=True: {Json.Str(Json.Condition(node.Object, pressure), "message")}") };
            var evictions = context.Notes.Where(n => n.Source == node.Ref.ToString() && n.Text.Contains("evicted", StringComparison.Ordinal)).ToList();
            findings.AddRange(evictions.Select(RuleContext.Cite));
            var evicted = context.LivePods.Where(p => Json.Str(p.Object, "status", "reason") == "Evicted" && Json.Str(p.Object, "spec", "nodeName") == node.Ref.Name).ToList();
            findings.AddRange(evicted.Take(2).Select(p => RuleContext.Cite(p, $"Evicted: {Json.Str(p.Object, "status", "message")}")));
            findings.AddRange(context.EventsAbout(node.Ref).Where(e => e.Type == "Warning").Take(1).Select(e => RuleContext.Cite(e)));
            var count = Math.Max(evicted.Count, evictions.Count);
            var summary = $"Node {node.Ref.Name} is under {pressure}" +
                          (count > 0 ? $" and evicts pods (e.g. {evicted.FirstOrDefault()?.Ref.Name ?? "see notes"}): {Json.Str(evicted.FirstOrDefault()?.Object, "status", "message")?.Split(". ")[0] ?? evictions[0].Text}" : "");
            yield return new Candidate(Category, node.Ref, count > 0 ? 0.94 : 0.8, summary, findings,
            [
                Actions.Cordon(node.Ref, pressure),
                Actions.Manual(node.Ref, $"Find what uses the node's {pressure.Replace("Pressure", "", StringComparison.Ordinal).ToLowerInvariant()} (kubectl describe node {node.Ref.Name}; kubectl top pods -A --sort-by=memory) and set limits on the pods that use more than they request."),
            ]);
        }
    }
}
