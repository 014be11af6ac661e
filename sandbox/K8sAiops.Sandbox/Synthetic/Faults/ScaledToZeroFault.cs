using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// scaled-to-zero: the pricing engine was scaled to zero replicas (<c>Scaled down replica set ... to 0 from 2</c>);
/// its Service has no endpoints, and the quote API, whose readiness checks the engine, is not ready.
/// </summary>
internal static class ScaledToZeroFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.App("price-engine", replicas: 2);
        var parts = Apps.Deploy(c.B, plan);
        var deployment = parts.Deployment;
        var generation = deployment["metadata"]!["generation"]!.GetValue<long>() + 1;
        deployment["spec"]!["replicas"] = 0;
        K8sJson.Metadata(deployment)["generation"] = generation;
        parts.ReplicaSet["spec"]!["replicas"] = 0;
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/desired-replicas"] = "0";
        K8sJson.Metadata(parts.ReplicaSet)["annotations"]!["deployment.kubernetes.io/max-replicas"] = "0";
        FaultKit.Delete(c, parts.Pods);
        var rsName = K8sJson.Name(parts.ReplicaSet);
        Events.Add(c.B, deployment, "Normal", "ScalingReplicaSet", $"Scaled down replica set {rsName} to 0 from 2", EventSource.DeploymentController, c.Since);
        foreach (var pod in parts.Pods)
        {
            Events.Add(c.B, parts.ReplicaSet, "Normal", "SuccessfulDelete", $"Deleted pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, c.Since);
        }

        WorkloadStatus.RecountDeployment(c.B, deployment, c.Since);
        deployment["status"]!["observedGeneration"] = generation;
        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since);
        var url = $"http://{FaultKit.ServiceHost(parts.Service!)}/v2/quote";
        var refused = $"Post \"{url}\": dial tcp {FaultKit.ClusterIp(parts.Service!)}:80: connect: connection refused";
        var client = Clients.ReadinessDependsOn(c, "quote-api", "PRICE_ENGINE_URL", url, refused);
        c.Note($"Deployment {c.Namespace}/{plan.Name}: spec.replicas 0");
        c.Note($"Event ScalingReplicaSet: Scaled down replica set {rsName} to 0 from 2");
        c.Note($"Endpoints {c.Namespace}/{plan.Name}: no subsets; logs of {client.Name}: {refused}");
        return c.Done(FaultContext.Ref(deployment), FaultContext.Ref(client.Deployment), MixinAlerts.DeploymentReplicasMismatch(c.B, client.Deployment));
    }
}
