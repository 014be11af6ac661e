using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// probe-failure: a search API whose readiness endpoint answers 503 since the last restart of its pods: the
/// containers run but are never ready (<c>Readiness probe failed: HTTP probe failed with statuscode: 503</c>),
/// so the Endpoints list them as not ready and the Deployment lacks available replicas.
/// </summary>
internal static class ProbeFailureFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("search-api", replicas: 3);
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        foreach (var pod in parts.Pods)
        {
            FaultKit.Scheduled(c, pod);
            FaultKit.ReadinessFailing(c, pod, plan.Name, "Readiness probe failed: HTTP probe failed with statuscode: 503", FaultKit.Created(pod).AddSeconds(15));
            c.B.Log(pod, plan.Name, Log(c, plan, FaultKit.Created(pod).AddSeconds(3)));
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since.AddSeconds(20));
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        c.Note($"Pods of {c.Namespace}/{plan.Name}: running, ready=false, Unhealthy 'Readiness probe failed: HTTP probe failed with statuscode: 503'");
        c.Note($"Endpoints {c.Namespace}/{plan.Name}: all addresses notReady");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(parts.Deployment), MixinAlerts.DeploymentReplicasMismatch(c.B, parts.Deployment));
    }

    private static IEnumerable<string> Log(FaultContext c, AppPlan plan, DateTimeOffset started)
    {
        yield return AppLogs.Line(started.AddMilliseconds(300), "INFO", $"starting {plan.Name} version={plan.Version}");
        yield return AppLogs.Line(started.AddMilliseconds(420), "INFO", $"listening on 0.0.0.0:{plan.Port}");
        yield return AppLogs.Line(started.AddSeconds(2), "WARN", "index snapshot s3://search-snapshots/products/2024-05-19 not found; waiting for restore");
        for (var t = started.AddSeconds(15); t < c.Now; t = t.AddMinutes(5))
        {
            yield return AppLogs.Line(t, "WARN", "GET /ready 503 0.2ms - search index not loaded (0/12 shards)");
        }
    }
}
