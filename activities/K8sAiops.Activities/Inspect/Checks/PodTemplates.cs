using k8s.Models;
using K8sAiops.Activities.Inspect.Reading;

namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>A pod spec the spec checks read, with the object that owns it: a workload's template, or a pod no controller owns.</summary>
internal sealed record PodTemplateView(FindingResource Owner, V1PodSpec Spec);

/// <summary>Where pods come from: workload templates, and the owner a pod is reported under.</summary>
internal static class PodTemplates
{
    /// <summary>
    /// Every pod spec of the namespace once: Deployments', StatefulSets', DaemonSets' and CronJobs' templates, Jobs no CronJob
    /// owns, and pods no controller owns. Checking templates rather than pods gives one finding per workload, not per pod.
    /// </summary>
    public static IEnumerable<PodTemplateView> Of(NamespaceObjects o)
    {
        var ns = o.Namespace;
        foreach (var d in o.Deployments.Where(d => d.Spec?.Template?.Spec is not null))
            yield return new(new("Deployment", ns, d.Metadata.Name), d.Spec.Template.Spec);
        foreach (var s in o.StatefulSets.Where(s => s.Spec?.Template?.Spec is not null))
            yield return new(new("StatefulSet", ns, s.Metadata.Name), s.Spec.Template.Spec);
        foreach (var d in o.DaemonSets.Where(d => d.Spec?.Template?.Spec is not null))
            yield return new(new("DaemonSet", ns, d.Metadata.Name), d.Spec.Template.Spec);
        foreach (var c in o.CronJobs.Where(c => c.Spec?.JobTemplate?.Spec?.Template?.Spec is not null))
            yield return new(new("CronJob", ns, c.Metadata.Name), c.Spec.JobTemplate.Spec.Template.Spec);
        foreach (var j in o.Jobs.Where(j => j.Spec?.Template?.Spec is not null && !OwnedBy(j.Metadata, "CronJob")))
            yield return new(new("Job", ns, j.Metadata.Name), j.Spec.Template.Spec);
        foreach (var p in o.Pods.Where(p => p.Spec is not null && (p.Metadata.OwnerReferences is null || p.Metadata.OwnerReferences.Count == 0)))
            yield return new(new("Pod", ns, p.Metadata.Name), p.Spec);
    }

    /// <summary>
    /// The workload a pod belongs to: ReplicaSet pods to their Deployment (the ReplicaSet's name less its
    /// <c>pod-template-hash</c>), Job pods to their CronJob when it has one, others to their direct owner or themselves.
    /// </summary>
    public static FindingResource OwnerOf(V1Pod pod, NamespaceObjects o)
    {
        var ns = pod.Metadata.NamespaceProperty ?? o.Namespace;
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true) ?? pod.Metadata.OwnerReferences?.FirstOrDefault();
        if (owner is null)
            return new("Pod", ns, pod.Metadata.Name);
        if (owner.Kind == "ReplicaSet")
        {
            var hash = pod.Metadata.Labels?.TryGetValue("pod-template-hash", out var h) == true ? h : null;
            var name = hash is not null && owner.Name.EndsWith("-" + hash, StringComparison.Ordinal) ? owner.Name[..^(hash.Length + 1)] : owner.Name;
            return o.Deployments.Any(d => d.Metadata.Name == name) ? new("Deployment", ns, name) : new("ReplicaSet", ns, owner.Name);
        }
        if (owner.Kind == "Job" && o.Jobs.FirstOrDefault(j => j.Metadata.Name == owner.Name) is { } job
            && job.Metadata.OwnerReferences?.FirstOrDefault(r => r.Kind == "CronJob") is { } cron)
            return new("CronJob", ns, cron.Name);
        return new(owner.Kind, ns, owner.Name);
    }

    public static bool OwnedBy(V1ObjectMeta metadata, string kind) => metadata.OwnerReferences?.Any(r => r.Kind == kind) == true;

    /// <summary>Whether the pod has finished for good (Succeeded or Failed): history, not a running workload.</summary>
    public static bool Finished(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";
}
