using System.Globalization;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

internal sealed partial class RuleContext
{
    /// <summary>
    /// The top-level owner of an object by its <c>ownerReferences</c> (Pod → ReplicaSet → Deployment, Pod → Job → CronJob),
    /// read from the bundle; a ReplicaSet missing from the bundle is taken to belong to the Deployment its name starts with.
    /// </summary>
    public ResourceRef WorkloadOf(ResourceRef reference)
    {
        var current = reference;
        for (var depth = 0; depth < 4; depth++)
        {
            var obj = Find(current);
            var owner = obj is null ? null : Json.Array(obj.Object, "metadata", "ownerReferences").FirstOrDefault();
            if (owner is null)
            {
                if (obj is null && current.Kind == "ReplicaSet" && current.Name.LastIndexOf('-') is > 0 and var dash)
                    return current with { Kind = "Deployment", Name = current.Name[..dash] };
                return current;
            }
            var kind = Json.Str(owner, "kind") ?? "";
            var name = Json.Str(owner, "name") ?? "";
            if (kind is not ("ReplicaSet" or "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob"))
                return current;
            current = new ResourceRef(kind, current.Namespace, name);
        }
        return current;
    }

    /// <summary>The Deployment's revision (<c>deployment.kubernetes.io/revision</c>); above 1 there is one to roll back to.</summary>
    public long Revision(ResourceRef workload) =>
        Find(workload) is { } obj
        && long.TryParse(Json.Str(obj.Object, "metadata", "annotations", "deployment.kubernetes.io/revision"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;

    /// <summary>True when the workload's pods are short of ready (its status says fewer ready than wanted).</summary>
    public bool Unhealthy(EvidenceObject workload)
    {
        var wanted = Json.Long(workload.Object, "spec", "replicas") ?? 1;
        var ready = Json.Long(workload.Object, "status", "readyReplicas") ?? 0;
        return wanted > 0 && ready < wanted;
    }
}
