using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// crash-loop: a Node.js service rolled out without an environment variable it requires; it throws at start
/// (exit code 1, reason Error) and the kubelet backs off restarting it.
/// </summary>
internal static class CrashLoopFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("invoice-api", replicas: 2);
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var name = plan.Name;
        var restarts = 9;
        foreach (var pod in parts.Pods)
        {
            FaultKit.CrashLoop(c, pod, name, 1, "Error", restarts--, start => NodeStartupCrash(start, name, plan.Version));
        }

        FaultKit.RecordCrash(c, name, PodTemplates.MainContainer((System.Text.Json.Nodes.JsonObject)parts.Deployment["spec"]!["template"]!), 1, "Error", null,
            "crash-loop: starts without PAYMENT_PROVIDER_URL and throws");
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: waiting CrashLoopBackOff, lastState.terminated exitCode=1 reason=Error");
        c.Note("Logs: 'Error: Missing required environment variable: PAYMENT_PROVIDER_URL'");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodCrashLooping(c.B, target, name));
    }

    private static IEnumerable<string> NodeStartupCrash(DateTimeOffset start, string name, string version)
    {
        _ = start;
        yield return "";
        yield return $"> {name}@{version} start";
        yield return "> node dist/server.js";
        yield return "";
        yield return "/app/dist/config.js:27";
        yield return "    throw new Error(`Missing required environment variable: ${name}`);";
        yield return "    ^";
        yield return "";
        yield return "Error: Missing required environment variable: PAYMENT_PROVIDER_URL";
        yield return "    at requireEnv (/app/dist/config.js:27:11)";
        yield return "    at Object.<anonymous> (/app/dist/config.js:41:23)";
        yield return "    at Module._compile (node:internal/modules/cjs/loader:1358:14)";
        yield return "    at Module._extensions..js (node:internal/modules/cjs/loader:1416:10)";
        yield return "    at Module.load (node:internal/modules/cjs/loader:1208:32)";
        yield return "    at Module._load (node:internal/modules/cjs/loader:1024:12)";
        yield return "    at Module.require (node:internal/modules/cjs/loader:1233:19)";
        yield return "    at require (node:internal/modules/helpers:179:18)";
        yield return "    at Object.<anonymous> (/app/dist/server.js:6:16)";
        yield return "";
        yield return "Node.js v20.12.2";
    }
}
