namespace K8sAiops.Activities.Analyze.Rules.Causes;

/// <summary><c>node-not-ready</c>: a node's Ready condition is False or Unknown; its pods are lost or stuck.</summary>
internal sealed class NodeNotReadyRule : IDiagnosisRule
{
    public string Category => Categories.NodeNotReady;

    public IEnumerable<Candidate> Evaluate(RuleContext context)
    {
        foreach (var node in context.OfKind("Node"))
        {
            var ready = Json.Condition(node.Object, "Ready");
            var status = Json.Str(ready, "status");
            if (ready is null || status == "True")
                continue;
            var findings = new List<Finding> { RuleContext.Cite(node, $"Ready={status} ({Json.Str(ready, "reason")}): {Json.Str(ready, "message")}") };
            findings.AddRange(context.EventsAbout(node.Ref).Where(e => e.Reason == "NodeNotReady").Take(1).Select(e => RuleContext.Cite(e)));
            var pods = context.LivePods.Where(p => Json.Str(p.Object, "spec", "nodeName") == node.Ref.Name).ToList();
            findings.AddRange(pods.Take(2).Select(p => RuleContext.Cite(p, $"on node {node.Ref.Name}, not ready", "warning")));
            var since = Json.Str(ready, "lastTransitionTime");
            var summary = $"Node {node.Ref.Name} is NotReady (Ready={status}, {Json.Str(ready, "message") ?? Json.Str(ready, "reason")}) since {since}" +
                          (pods.Count > 0 ? $"; its pods (e.g. {pods[0].Ref.Namespace}/{pods[0].Ref.Name}) are not ready" : "");
            yield return new Candidate(Category, node.Ref, 0.96, summary, findings,
            [
                Actions.Cordon(node.Ref, $"Ready={status}"),
                Actions.Manual(node.Ref, $"Check the node's kubelet and network (ssh to {node.Ref.Name}: systemctl status kubelet; journalctl -u kubelet), or replace the node."),
            ]);
        }
    }
}
