using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>The workloads that suffer from another's fault: the ones whose alerts fire first.</summary>
internal static class Clients
{
    /// <summary>
    /// A service whose readiness check calls a dependency at <paramref name="url"/>: the calls fail with
    /// <paramref name="error"/>, /ready answers 503, and the pods are running but never ready.
    /// </summary>
    public static (string Name, JsonObject Deployment) ReadinessDependsOn(FaultContext c, string preferred, string variable, string url, string error)
    {
        var plan = c.FreshApp(preferred, replicas: 2);
        ((JsonArray)plan.MainContainer["env"]!).Add(new JsonObject { ["name"] = variable, ["value"] = url });
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        foreach (var pod in parts.Pods)
        {
            var started = FaultKit.Created(pod).AddSeconds(3);
            FaultKit.Scheduled(c, pod);
            FaultKit.ReadinessFailing(c, pod, plan.Name, "Readiness probe failed: HTTP probe failed with statuscode: 503", started.AddSeconds(10));
            c.B.Log(pod, plan.Name, ReadinessLog(c, plan, started, error));
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since.AddSeconds(15));
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        return (plan.Name, parts.Deployment);
    }

    /// <summary>A worker that needs a dependency at start-up and exits when it cannot reach it, so it crash-loops.</summary>
    public static (string Name, JsonObject Pod, JsonObject Deployment) CrashesWithout(FaultContext c, string preferred, string variable, string url,
        Func<DateTimeOffset, IEnumerable<string>> log)
    {
        var plan = c.FreshApp(preferred, replicas: 2);
        ((JsonArray)plan.MainContainer["env"]!).Add(new JsonObject { ["name"] = variable, ["value"] = url });
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var restarts = 8;
        foreach (var pod in parts.Pods)
        {
            FaultKit.CrashLoop(c, pod, plan.Name, 1, "Error", restarts--, log, TimeSpan.FromSeconds(12));
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since.AddSeconds(15));
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        return (plan.Name, parts.Pods[0], parts.Deployment);
    }

    private static IEnumerable<string> ReadinessLog(FaultContext c, AppPlan plan, DateTimeOffset started, string error)
    {
        yield return AppLogs.Line(started.AddMilliseconds(250), "INFO", $"starting {plan.Name} version={plan.Version}");
        yield return AppLogs.Line(started.AddMilliseconds(380), "INFO", $"listening on 0.0.0.0:{plan.Port}");
        for (var t = started.AddSeconds(10); t < c.Now; t = t.AddMinutes(4))
        {
            yield return AppLogs.Line(t, "ERROR", $"readiness check failed: {error}");
            yield return AppLogs.Line(t.AddMilliseconds(2), "WARN", "GET /ready 503 1.1ms");
        }
    }
}
