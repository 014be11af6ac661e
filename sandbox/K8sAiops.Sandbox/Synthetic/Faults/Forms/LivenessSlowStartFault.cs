using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// probe-failure, form <c>liveness-slow-start</c>: a catalog service that needs about two minutes to warm its cache
/// before it answers, under a liveness probe that gives it 40 seconds (10 s delay, 3 failures 10 s apart, 1 s timeout).
/// The kubelet kills it each time (<c>Container catalog-api failed liveness probe, will be restarted</c>); the container
/// ignores SIGTERM while it loads, so it ends with exit code 137 and reason Error, not OOMKilled; the restarts climb
/// and the kubelet backs off. Alert: KubePodCrashLooping; the culprit is the Deployment's probe.
/// </summary>
internal static class LivenessSlowStartFault
{
    /// <summary>How long each run lasts before the kill: the probe's delay plus three failed periods.</summary>
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(42);

    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("catalog-api", replicas: 2, secret: false);
        var name = plan.Name;
        var container = plan.MainContainer;
        container["resources"] = PodTemplates.Resources("500m", "1Gi", "2", "2Gi");
        container["livenessProbe"] = PodTemplates.HttpProbe("/healthz", 10, 10);
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var restarts = 11;
        for (var i = 0; i < parts.Pods.Count; i++)
        {
            Killed(c, parts.Pods[i], plan, restarts, backingOff: i == 0);
            restarts -= 2;
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: lastState.terminated exitCode=137 reason=Error (not OOMKilled), restartCount=11, waiting CrashLoopBackOff");
        c.Note("Events: Warning Unhealthy 'Liveness probe failed: Get \"http://IP:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'");
        c.Note($"Events: Normal Killing 'Container {name} failed liveness probe, will be restarted'");
        c.Note($"Deployment {c.Namespace}/{name}: livenessProbe initialDelaySeconds=10 periodSeconds=10 failureThreshold=3; the app needs ~2 minutes to start");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodCrashLooping(c.B, target, name));
    }

    /// <summary>
    /// One pod's container after <paramref name="restarts"/> liveness kills: waiting in CrashLoopBackOff, or (when not
    /// <paramref name="backingOff"/>) running again since a few seconds and not ready yet; its probe, kill and back-off events.
    /// </summary>
    private static void Killed(FaultContext c, JsonObject pod, AppPlan plan, int restarts, bool backingOff)
    {
        var name = plan.Name;
        var created = FaultKit.Created(pod);
        var spec = Pods.Container(pod, name);
        var lastStart = backingOff ? c.Now - TimeSpan.FromSeconds(170) - Run : c.Now - TimeSpan.FromSeconds(95) - Run;
        var lastEnd = lastStart + Run;
        var terminated = Pods.Terminated(pod, spec, 137, "Error", lastStart, lastEnd, restarts - 1);
        var state = backingOff
            ? Pods.Waiting("CrashLoopBackOff", Pods.CrashLoopMessage(pod, name))
            : Pods.Running(c.Now.AddSeconds(-25));
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, spec, state, terminated, ready: false, restarts: restarts, started: !backingOff));
        Pods.MarkNotReady(pod, created.AddSeconds(15), name);

        if (backingOff)
        {
            c.B.Log(pod, name, StartLog(lastStart, lastEnd, plan));
            c.B.Log(pod, name, StartLog(lastStart - TimeSpan.FromMinutes(5) - Run, lastStart - TimeSpan.FromMinutes(5), plan), previous: true);
        }
        else
        {
            c.B.Log(pod, name, StartLog(c.Now.AddSeconds(-25), c.Now, plan));
            c.B.Log(pod, name, StartLog(lastStart, lastEnd, plan), previous: true);
        }

        var node = K8sJson.Text(pod, "spec", "nodeName")!;
        var kubelet = EventSource.Kubelet(node);
        var path = Events.ContainerPath(name);
        var ip = K8sJson.Text(pod, "status", "podIP")!;
        var port = plan.Port.ToString(CultureInfo.InvariantCulture);
        var last = backingOff ? lastEnd : c.Now.AddSeconds(-4);
        FaultKit.Scheduled(c, pod);
        Events.Add(c.B, pod, "Normal", "Pulled", $"Container image \"{K8sJson.Text(spec, "image")}\" already present on machine", kubelet, created.AddSeconds(1), lastStart, restarts + 1, path);
        Events.Add(c.B, pod, "Normal", "Created", $"Created container {name}", kubelet, created.AddSeconds(1), lastStart, restarts + 1, path);
        Events.Add(c.B, pod, "Normal", "Started", $"Started container {name}", kubelet, created.AddSeconds(2), lastStart, restarts + 1, path);
        Events.Add(c.B, pod, "Warning", "Unhealthy",
            $"Readiness probe failed: Get \"http://{ip}:{port}/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            kubelet, created.AddSeconds(8), last, (restarts + 1) * 4, path);
        Events.Add(c.B, pod, "Warning", "Unhealthy",
            $"Liveness probe failed: Get \"http://{ip}:{port}/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            kubelet, created.AddSeconds(21), last, (restarts * 3) + (backingOff ? 0 : 1), path);
        Events.Add(c.B, pod, "Normal", "Killing", $"Container {name} failed liveness probe, will be restarted", kubelet, created.AddSeconds(41), lastEnd, restarts, path);
        Events.Add(c.B, pod, "Warning", "BackOff", Pods.BackOffMessage(pod, name), kubelet, created.AddMinutes(3), backingOff ? c.Now.AddSeconds(-20) : lastEnd.AddSeconds(30), restarts * 3, path);
    }

    /// <summary>A Spring Boot service warming its cache; nothing in it is an error, the kill comes from outside.</summary>
    private static IEnumerable<string> StartLog(DateTimeOffset start, DateTimeOffset end, AppPlan plan)
    {
        yield return AppLogs.Line(start.AddMilliseconds(900), "INFO", $"Starting CatalogApiApplication v{plan.Version} using Java 17.0.10 with PID 1 (/app/app.jar started by app in /app)");
        yield return AppLogs.Line(start.AddMilliseconds(950), "INFO", "No active profile set, falling back to 1 default profile: \"default\"");
        yield return AppLogs.Line(start.AddSeconds(6), "INFO", $"Tomcat initialized with port {plan.Port.ToString(CultureInfo.InvariantCulture)} (http)");
        yield return AppLogs.Line(start.AddSeconds(9), "INFO", "HikariPool-1 - Start completed.");
        yield return AppLogs.Line(start.AddSeconds(11), "INFO", "Warming product cache: 0/412000 items");
        for (var (t, n) = (start.AddSeconds(20), 38000); t < end; t = t.AddSeconds(10), n += 37000)
        {
            yield return AppLogs.Line(t, "INFO", $"Warming product cache: {n.ToString(CultureInfo.InvariantCulture)}/412000 items");
        }
    }
}
