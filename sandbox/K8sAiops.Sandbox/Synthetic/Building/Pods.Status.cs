using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Pod and container status shapes as the kubelet reports them: running, waiting, terminated, not ready, unschedulable.</summary>
internal static partial class Pods
{
    /// <summary>Every container started a few seconds after creation and has been ready since; init containers completed.</summary>
    public static JsonObject RunningStatus(JsonObject pod, JsonObject node, string podIp, DateTimeOffset created)
    {
        var started = created.AddSeconds(3);
        var ready = started.AddSeconds(6);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = Conditions(created, initialized: true, ready: true, readyAt: ready),
            ["hostIP"] = Nodes.InternalIp(node),
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = Nodes.InternalIp(node) }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = K8sJson.Time(created),
        };
        var initContainers = Containers(pod, "initContainers").ToList();
        if (initContainers.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray(initContainers.Select(c => (JsonNode)ContainerStatus(pod, c,
                Terminated(pod, c, 0, "Completed", created.AddSeconds(1), created.AddSeconds(2), 0), null, ready: true, restarts: 0, started: false)).ToArray());
        }

        status["containerStatuses"] = new JsonArray(Containers(pod, "containers").Select(c => (JsonNode)ContainerStatus(pod, c,
            Running(started), null, ready: true, restarts: 0, started: true)).ToArray());
        status["qosClass"] = QosClass(pod);
        return status;
    }

    /// <summary>Pod conditions in the order the kubelet writes them.</summary>
    public static JsonArray Conditions(DateTimeOffset created, bool initialized, bool ready, DateTimeOffset readyAt,
        string? initializedReason = null, string? initializedMessage = null, string? notReadyReason = null, string? notReadyMessage = null)
    {
        return new JsonArray(
            PodCondition("PodReadyToStartContainers", "True", created.AddSeconds(2)),
            PodCondition("Initialized", initialized ? "True" : "False", created.AddSeconds(initialized ? 2 : 0), initializedReason, initializedMessage),
            PodCondition("Ready", ready ? "True" : "False", readyAt, notReadyReason, notReadyMessage),
            PodCondition("ContainersReady", ready ? "True" : "False", readyAt, notReadyReason, notReadyMessage),
            PodCondition("PodScheduled", "True", created));
    }

    public static JsonObject PodCondition(string type, string status, DateTimeOffset transition, string? reason = null, string? message = null)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = K8sJson.Time(transition),
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    public static JsonObject ContainerStatus(JsonObject pod, JsonObject container, JsonObject state, JsonObject? lastState, bool ready, int restarts, bool started, bool imagePulled = true)
    {
        var name = K8sJson.Text(container, "name")!;
        var image = K8sJson.Text(container, "image")!;
        var status = new JsonObject
        {
            ["name"] = name,
            ["state"] = state,
            ["lastState"] = lastState ?? new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = restarts,
            ["image"] = image,
            ["imageID"] = imagePulled ? ImageId(image) : "",
        };
        if (state["running"] is not null || state["terminated"] is not null || restarts > 0)
        {
            status["containerID"] = ContainerId(pod, name, restarts);
        }

        status["started"] = started;
        return status;
    }

    public static JsonObject Running(DateTimeOffset startedAt) =>
        new() { ["running"] = new JsonObject { ["startedAt"] = K8sJson.Time(startedAt) } };

    public static JsonObject Waiting(string reason, string? message = null)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        return new JsonObject { ["waiting"] = waiting };
    }

    public static JsonObject Terminated(JsonObject pod, JsonObject container, int exitCode, string reason, DateTimeOffset started, DateTimeOffset finished,
        int instance, string? message = null)
    {
        var terminated = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason };
        if (message is not null)
        {
            terminated["message"] = message;
        }

        terminated["startedAt"] = K8sJson.Time(started);
        terminated["finishedAt"] = K8sJson.Time(finished);
        terminated["containerID"] = ContainerId(pod, K8sJson.Text(container, "name")!, instance);
        return new JsonObject { ["terminated"] = terminated };
    }

    /// <summary>The waiting message of a container in CrashLoopBackOff, as the kubelet writes it.</summary>
    public static string CrashLoopMessage(JsonObject pod, string container, string backOff = "5m0s") =>
        $"back-off {backOff} restarting failed container={container} pod={PodRef(pod)}";

    /// <summary>The kubelet's BackOff event message for a crashing container.</summary>
    public static string BackOffMessage(JsonObject pod, string container) =>
        $"Back-off restarting failed container {container} in pod {PodRef(pod)}";

    /// <summary>How the kubelet names a pod in messages: <c>name_namespace(uid)</c>.</summary>
    public static string PodRef(JsonObject pod) => $"{K8sJson.Name(pod)}_{K8sJson.Namespace(pod)}({K8sJson.Uid(pod)})";

    /// <summary>Replaces the status of the container (or init container) with the same name.</summary>
    public static void SetContainerStatus(JsonObject pod, JsonObject containerStatus)
    {
        var name = K8sJson.Text(containerStatus, "name");
        foreach (var field in new[] { "containerStatuses", "initContainerStatuses" })
        {
            if (pod["status"]?[field] is JsonArray statuses)
            {
                for (var i = 0; i < statuses.Count; i++)
                {
                    if (K8sJson.Text(statuses[i], "name") == name)
                    {
                        statuses[i] = containerStatus;
                        return;
                    }
                }
            }
        }

        throw new InvalidOperationException($"Pod {K8sJson.Name(pod)} has no container {name}.");
    }

    /// <summary>Marks the pod not ready because of <paramref name="containers"/>, as the kubelet reports it.</summary>
    public static void MarkNotReady(JsonObject pod, DateTimeOffset since, params string[] containers)
    {
        var message = $"containers with unready status: [{string.Join(' ', containers)}]";
        foreach (var condition in (JsonArray)pod["status"]!["conditions"]!)
        {
            if (K8sJson.Text(condition, "type") is "Ready" or "ContainersReady")
            {
                condition!["status"] = "False";
                condition["lastTransitionTime"] = K8sJson.Time(since);
                condition["reason"] = "ContainersNotReady";
                condition["message"] = message;
            }
        }
    }

    /// <summary>A pod the scheduler could not place: Pending, PodScheduled=False/Unschedulable, no node, no IP, no container statuses.</summary>
    public static void MakeUnschedulable(JsonObject pod, string message, DateTimeOffset since)
    {
        ((JsonObject)pod["spec"]!).Remove("nodeName");
        pod["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = new JsonArray(PodCondition("PodScheduled", "False", since, "Unschedulable", message)),
            ["qosClass"] = QosClass(pod),
        };
    }

    /// <summary>A pod scheduled but not started: Pending, containers waiting with <paramref name="reason"/>.</summary>
    public static void MakeWaiting(JsonObject pod, DateTimeOffset created, string container, string reason, string? message, bool imagePulled)
    {
        var status = (JsonObject)pod["status"]!;
        status["phase"] = "Pending";
        status["conditions"] = Conditions(created, initialized: true, ready: false, readyAt: created,
            notReadyReason: "ContainersNotReady", notReadyMessage: $"containers with unready status: [{container}]");
        var spec = Containers(pod, "containers").First(c => K8sJson.Text(c, "name") == container);
        SetContainerStatus(pod, ContainerStatus(pod, spec, Waiting(reason, message), null, ready: false, restarts: 0, started: false, imagePulled));
    }
}
