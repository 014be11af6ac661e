using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect;

/// <summary>
/// Finds the object an alert is about from the labels Alertmanager sends (see <c>alerting-reference.md</c> §4).
/// </summary>
/// <remarks>
/// The kind's own label wins: kube-state-metrics alerts about a Deployment, a Job or a Node also carry the
/// <c>pod</c>, <c>service</c>, <c>namespace</c> and <c>instance</c> of the kube-state-metrics target itself, so
/// those labels name the alert's object only when no more specific label is there. The Job is
/// <c>job_name</c> (<c>job</c> is the scrape job). A ResourceQuota alert is about its namespace.
/// </remarks>
public static class AlertTargets
{
    /// <summary>Object labels, most specific first, with the kind each names.</summary>
    private static readonly (string Label, string Kind)[] ObjectLabels =
    [
        ("deployment", "Deployment"),
        ("statefulset", "StatefulSet"),
        ("daemonset", "DaemonSet"),
        ("replicaset", "ReplicaSet"),
        ("cronjob", "CronJob"),
        ("job_name", "Job"),
        ("horizontalpodautoscaler", "HorizontalPodAutoscaler"),
        ("persistentvolumeclaim", "PersistentVolumeClaim"),
        ("node", "Node"),
        ("pod", "Pod"),
        ("service", "Service"),
    ];

    /// <summary>
    /// The alert's target, or null when its labels name no Kubernetes object (then <paramref name="reason"/> says
    /// which labels were looked for).
    /// </summary>
    public static ResourceRef? Resolve(IReadOnlyDictionary<string, string> labels, out string reason)
    {
        labels.TryGetValue("namespace", out var ns);
        ns ??= "";
        foreach (var (label, kind) in ObjectLabels)
        {
            if (!labels.TryGetValue(label, out var name) || string.IsNullOrWhiteSpace(name))
                continue;
            if (kind == "Node")
            {
                reason = $"label '{label}'";
                return ResourceRef.ClusterScoped("Node", name);
            }
            if (ns.Length == 0)
                continue; // a namespaced object without a namespace label cannot be read
            reason = $"label '{label}'";
            return new ResourceRef(kind, ns, name);
        }

        if (ns.Length > 0)
        {
            reason = labels.ContainsKey("resourcequota") ? "label 'resourcequota' (its namespace)" : "label 'namespace' only";
            return ResourceRef.ClusterScoped("Namespace", ns);
        }

        reason = $"none of the labels {string.Join(", ", ObjectLabels.Select(l => l.Label).Append("namespace"))} is set";
        return null;
    }
}
