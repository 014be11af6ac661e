using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// quota-exceeded: a three-replica importer with 2Gi memory limits in a namespace whose ResourceQuota has no room
/// left after the first pod. The ReplicaSet controller's creates are refused: <c>FailedCreate ... exceeded quota:
/// compute-resources, requested: limits.memory=2Gi, used: ..., limited: ...</c>.
/// </summary>
internal static class QuotaExceededFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("batch-importer", replicas: 3);
        plan.MainContainer["resources"] = PodTemplates.Resources("500m", "1Gi", "1", "2Gi");
        plan.Replicas = 1;
        var parts = Apps.Deploy(c.B, plan);
        parts.Deployment["spec"]!["replicas"] = 3;
        parts.ReplicaSet["spec"]!["replicas"] = 3;
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/desired-replicas"] = "3";
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/max-replicas"] = "4";
        FaultKit.RolloutEvents(c, parts, 3);
        foreach (var pod in parts.Pods)
        {
            Events.PodStarted(c.B, pod, FaultKit.Created(pod));
        }

        var quota = c.B.Find(ResourceKinds.ResourceQuota, c.Namespace, Policies.QuotaName)
            ?? c.B.Objects(ResourceKinds.ResourceQuota, c.Namespace).FirstOrDefault()
            ?? Policies.Quota(c.B, c.Namespace, c.B.Objects(ResourceKinds.Pod, c.Namespace), c.Now.AddDays(-20));
        var used = Policies.Usage(c.B.Objects(ResourceKinds.Pod, c.Namespace));
        var limit = Quantities.Memory(used.LimitsMemory);
        foreach (var hard in new[] { quota["spec"]!["hard"]!, quota["status"]!["hard"]! })
        {
            hard["limits.memory"] = limit;
        }

        quota["status"]!["used"] = Policies.Used(used);
        K8sJson.Metadata(quota)["resourceVersion"] = c.B.NextResourceVersion();

        var quotaName = K8sJson.Name(quota);
        var rsName = K8sJson.Name(parts.ReplicaSet);
        var refused = $"pods \"{rsName}-{c.B.Suffix(5)}\" is forbidden: exceeded quota: {quotaName}, requested: limits.memory=2Gi, used: limits.memory={limit}, limited: limits.memory={limit}";
        Events.Add(c.B, parts.ReplicaSet, "Warning", "FailedCreate", $"Error creating: {refused}", EventSource.ReplicaSetController, c.Since.AddSeconds(2),
            c.Now.AddMinutes(-1), 19);
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddSeconds(2));
        var rsStatus = (JsonObject)parts.ReplicaSet["status"]!;
        rsStatus["conditions"] = new JsonArray(K8sJson.Condition("ReplicaFailure", "True", "FailedCreate", refused, c.Since.AddSeconds(2)));
        WorkloadStatus.SetCondition((JsonObject)parts.Deployment["status"]!, "ReplicaFailure", "True", "FailedCreate", refused, c.Since.AddSeconds(2));
        c.Note($"Event FailedCreate on ReplicaSet {c.Namespace}/{rsName}: Error creating: {refused}");
        c.Note($"ResourceQuota {c.Namespace}/{quotaName}: limits.memory used {limit} of {limit}");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: 1 of 3 replicas, ReplicaFailure=True");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(parts.Deployment), MixinAlerts.DeploymentReplicasMismatch(c.B, parts.Deployment));
    }
}
