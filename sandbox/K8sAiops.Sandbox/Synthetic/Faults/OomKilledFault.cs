using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// oom-killed: a JVM whose heap (-Xmx1g) is larger than the container's 512Mi limit; the kernel kills it while it
/// renders (lastState OOMKilled, exit code 137) and the kubelet backs off restarting it.
/// </summary>
internal static class OomKilledFault
{
    /// <summary>What the renderer needs: its 1Gi heap × 1.2, rounded up to a whole Mi (the sandbox's derivation rule).</summary>
    public const string Need = "1229Mi";

    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("report-renderer", replicas: 2, secret: false);
        var container = plan.MainContainer;
        container["resources"] = PodTemplates.Resources("250m", "384Mi", "1", "512Mi");
        ((JsonArray)container["env"]!).Add(new JsonObject { ["name"] = "JAVA_OPTS", ["value"] = "-Xms256m -Xmx1g -XX:+UseG1GC" });
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var name = plan.Name;
        var restarts = 7;
        foreach (var pod in parts.Pods)
        {
            FaultKit.CrashLoop(c, pod, name, 137, "OOMKilled", restarts--, start => RendererLog(start, plan.Version), TimeSpan.FromSeconds(48));
        }

        c.B.Snapshot.Faults.MemoryNeeds.Add(new MemoryNeed(Need)
        {
            Namespace = c.Namespace, Workload = name, Container = K8sJson.Text(container, "name"),
            Note = "oom-killed: the JVM's -Xmx1g heap plus its overhead (x1.2) needs about 1.2Gi; the limit is 512Mi",
        });
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: lastState.terminated.reason=OOMKilled exitCode=137, waiting CrashLoopBackOff, restartCount=7");
        c.Note($"Deployment {c.Namespace}/{name}: memory limit 512Mi, JAVA_OPTS -Xmx1g");
        c.Note("Events: Warning BackOff 'Back-off restarting failed container'");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodCrashLooping(c.B, target, name));
    }

    private static IEnumerable<string> RendererLog(DateTimeOffset start, string version)
    {
        yield return AppLogs.Line(start.AddMilliseconds(900), "INFO", $"report-renderer {version} starting (Java 17.0.10, max heap 1024 MB)");
        yield return AppLogs.Line(start.AddSeconds(4), "INFO", "loading 48213 invoices for statement run 2024-05");
        yield return AppLogs.Line(start.AddSeconds(19), "INFO", "rendering batch 1/12 (4018 statements)");
        yield return AppLogs.Line(start.AddSeconds(38), "INFO", "rendering batch 2/12 (4018 statements)");
        yield return AppLogs.Line(start.AddSeconds(46), "WARN", "GC overhead: 3 full collections in the last 10s, heap used 498 MB");
    }
}
