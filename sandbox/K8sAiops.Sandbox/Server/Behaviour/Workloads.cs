using System.Text.Json;
using K8sAiops.Sandbox.Server.Controllers;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>The workload a pod belongs to, as fault entries name it: its top-level controlling owner.</summary>
internal static class Workloads
{
    /// <summary>
    /// The name of the pod's top-level controller (a ReplicaSet's Deployment, a Job's CronJob, else the controller
    /// itself), followed through the store; the pod's own name when it has no owner.
    /// </summary>
    public static string TopOwner(StoreTransaction tx, JsonElement pod)
    {
        var ns = pod.StringAt("metadata", "namespace") ?? "";
        var name = pod.StringAt("metadata", "name") ?? "";
        var current = pod;
        for (var depth = 0; depth < 4 && Owners.ControllerOf(current) is { } owner; depth++)
        {
            name = owner.Name;
            if (ResourceKinds.FindByKind(owner.Kind) is not { Namespaced: true } kind || tx.Get(kind, ns, owner.Name) is not { } found)
            {
                break;
            }

            current = found.Json;
        }

        return name;
    }
}
