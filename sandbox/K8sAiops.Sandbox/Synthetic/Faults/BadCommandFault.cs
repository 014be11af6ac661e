using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// bad-command: the Deployment's command names an executable the image does not have. runc cannot start it:
/// StartError with exit code 128 and <c>exec: "gunicorn": executable file not found in $PATH</c>; one replica backs
/// off (CrashLoopBackOff), the other shows RunContainerError.
/// </summary>
internal static class BadCommandFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var plan = c.FreshApp("pdf-exporter", replicas: 2);
        plan.MainContainer["command"] = new JsonArray("gunicorn", "exporter.wsgi:app", "--bind", $"0.0.0.0:{plan.Port}", "--workers", "4");
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        var name = plan.Name;
        const string error = "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: " +
            "unable to start container process: exec: \"gunicorn\": executable file not found in $PATH: unknown";
        FaultKit.CrashLoop(c, parts.Pods[0], name, 128, "StartError", 12, null, message: error);
        FaultKit.CrashLoop(c, parts.Pods[1], name, 128, "StartError", 11, null, message: error);
        var spec = Pods.Container(parts.Pods[1], name);
        var status = Pods.ContainerStatus(parts.Pods[1], spec, Pods.Waiting("RunContainerError", error),
            parts.Pods[1]["status"]!["containerStatuses"]![0]!["lastState"]!.DeepClone().AsObject(), ready: false, restarts: 11, started: false);
        Pods.SetContainerStatus(parts.Pods[1], status);
        FaultKit.RecordCrash(c, name, PodTemplates.MainContainer((JsonObject)parts.Deployment["spec"]!["template"]!), 128, "StartError", error,
            "bad-command: the image has no gunicorn");
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: lastState.terminated reason=StartError exitCode=128: exec: \"gunicorn\": executable file not found in $PATH");
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(parts.Pods[1])}: waiting RunContainerError");
        c.Note($"Deployment {c.Namespace}/{name}: command [gunicorn ...]");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodCrashLooping(c.B, target, name));
    }
}
