using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// restarts-24h: a session proxy whose container panicked three times this morning (the last about three hours ago,
/// exit code 2) and has run fine since. The BackOff events are gone (the API server keeps events an hour); the
/// restart count, the last termination and the previous log remain.
/// </summary>
internal static class RecentRestartsFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "session-proxy", _ => { });
        var pod = parts.Pods[0];
        var name = K8sJson.Name(parts.Deployment);
        var container = Pods.Container(pod, name);
        var crashed = c.Now.AddHours(-3).AddMinutes(-12);
        var restarted = crashed.AddSeconds(20);
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, container, Pods.Running(restarted),
            Pods.Terminated(pod, container, 2, "Error", crashed.AddMinutes(-31), crashed, 2), ready: true, restarts: 3, started: true));
        foreach (var condition in ((JsonArray)pod["status"]!["conditions"]!).OfType<JsonObject>().Where(k => K8sJson.Text(k, "type") is "Ready" or "ContainersReady"))
        {
            condition["lastTransitionTime"] = K8sJson.Time(restarted.AddSeconds(6));
        }

        c.B.Log(pod, name, [
            AppLogs.Line(crashed.AddSeconds(-4), "INFO", "served 3120 requests in the last 60s (errors=0 p99=12ms)"),
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6f4c2e]",
            "",
            "goroutine 8812 [running]:",
            "main.(*sessionCache).evict(0xc0001a2000, {0xc00041e2a0, 0x24})",
            "\t/src/cache.go:141 +0x4e",
        ], previous: true);
        c.B.Log(pod, name, [
            AppLogs.Line(restarted.AddMilliseconds(300), "INFO", $"starting {name}"),
            AppLogs.Line(c.Now.AddMinutes(-1), "INFO", "served 2984 requests in the last 60s (errors=0 p99=11ms)"),
        ]);
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(pod)}: restartCount 3, last terminated {K8sJson.Time(crashed)} exit code 2, running and ready since");
        return InspectionKit.Done(c, "restarts-24h", parts.Deployment);
    }
}
