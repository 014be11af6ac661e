using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Controllers;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>The container status and the kubelet's events for each <see cref="ContainerFate"/>, shaped as a real kubelet writes them.</summary>
internal static class ContainerStarts
{
    /// <summary>The back-off after the first failure: the kubelet starts at 10 s.</summary>
    private const string FirstBackOff = "10s";

    public static JsonObject Status(ContainerFate fate, JsonObject container, JsonObject pod, string now)
    {
        var name = container.StringAt("name");
        var image = container.StringAt("image");
        var status = new JsonObject { ["name"] = name };
        switch (fate)
        {
            case ContainerFate.Crashes crash:
                var terminated = new JsonObject { ["exitCode"] = crash.ExitCode, ["reason"] = crash.Reason };
                if (crash.Message is not null)
                {
                    terminated["message"] = crash.Message;
                }

                terminated["startedAt"] = now;
                terminated["finishedAt"] = now;
                var containerId = ContainerId();
                terminated["containerID"] = containerId;
                status["state"] = Waiting("CrashLoopBackOff", $"back-off {FirstBackOff} restarting failed container={name} pod={PodRef(pod)}");
                status["lastState"] = new JsonObject { ["terminated"] = terminated };
                status["ready"] = false;
                status["restartCount"] = 1;
                status["image"] = image;
                status["imageID"] = "";
                status["containerID"] = containerId;
                status["started"] = false;
                return status;
            case ContainerFate.ImagePullBackOff pull:
                status["state"] = Waiting("ImagePullBackOff", $"Back-off pulling image \"{pull.Image}\"");
                break;
            case ContainerFate.ConfigError config:
                status["state"] = Waiting("CreateContainerConfigError", config.Message);
                break;
            default:
                status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
                status["lastState"] = new JsonObject();
                status["ready"] = true;
                status["restartCount"] = 0;
                status["image"] = image;
                status["imageID"] = "";
                status["containerID"] = ContainerId();
                status["started"] = true;
                return status;
        }

        status["lastState"] = new JsonObject();
        status["ready"] = false;
        status["restartCount"] = 0;
        status["image"] = image;
        status["imageID"] = "";
        status["started"] = false;
        return status;
    }

    public static void RecordEvents(StoreTransaction tx, StoredObject pod, ContainerFate fate, JsonObject container, string? node)
    {
        var name = container.StringAt("name") ?? "";
        var image = container.StringAt("image");
        var path = $"spec.containers{{{name}}}";
        void Normal(string reason, string message) => EventRecorder.Normal(tx, pod, reason, message, "kubelet", node, path);
        void Warning(string reason, string message) => EventRecorder.Warning(tx, pod, reason, message, "kubelet", node, path);
        switch (fate)
        {
            case ContainerFate.ImagePullBackOff:
                var notFound = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";
                Normal("Pulling", $"Pulling image \"{image}\"");
                Warning("Failed", $"Failed to pull image \"{image}\": {notFound}");
                Warning("Failed", "Error: ErrImagePull");
                Normal("BackOff", $"Back-off pulling image \"{image}\"");
                Warning("Failed", "Error: ImagePullBackOff");
                return;
            case ContainerFate.ConfigError config:
                Normal("Pulled", $"Container image \"{image}\" already present on machine");
                Warning("Failed", "Error: " + config.Message);
                return;
            case ContainerFate.Crashes crash:
                Normal("Pulled", $"Container image \"{image}\" already present on machine");
                Normal("Created", $"Created container: {name}");
                if (crash.Reason == "StartError")
                {
                    Warning("Failed", "Error: " + (crash.Message ?? "failed to start container"));
                }
                else
                {
                    Normal("Started", $"Started container {name}");
                }

                Warning("BackOff", $"Back-off restarting failed container {name} in pod {PodRef(pod.ToNode())}");
                return;
            default:
                Normal("Pulled", $"Container image \"{image}\" already present on machine");
                Normal("Created", $"Created container: {name}");
                Normal("Started", $"Started container {name}");
                return;
        }
    }

    /// <summary>How the kubelet names a pod in messages: <c>name_namespace(uid)</c>.</summary>
    private static string PodRef(JsonObject pod) =>
        $"{pod.StringAt("metadata", "name")}_{pod.StringAt("metadata", "namespace")}({pod.StringAt("metadata", "uid")})";

    private static JsonObject Waiting(string reason, string message) =>
        new() { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } };

    private static string ContainerId() => "containerd://" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
