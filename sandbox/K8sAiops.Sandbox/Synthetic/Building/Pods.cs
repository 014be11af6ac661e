using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Pods stamped from templates as the API server and kubelet fill them in, and the status shapes faults put them in.</summary>
internal static class Pods
{
    private static readonly string[] InitAndMain = ["initContainers", "containers"];

    /// <summary>
    /// A running, ready pod made from <paramref name="template"/> on <paramref name="node"/>, owned by <paramref name="owner"/>:
    /// the spec gets its service account token volume, default tolerations and node; the status has every container running.
    /// </summary>
    public static JsonObject Create(ClusterBuilder b, string ns, string name, JsonObject template, JsonObject? owner, JsonObject node,
        DateTimeOffset created, string? generateName = null, JsonObject? extraLabels = null)
    {
        var labels = (JsonObject)(template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject());
        foreach (var (key, value) in extraLabels ?? new JsonObject())
        {
            labels[key] = value?.DeepClone();
        }

        var metadata = b.Metadata(ResourceKinds.Pod, ns, name, created, labels, owner: owner);
        if (generateName is not null)
        {
            metadata.Insert(1, "generateName", generateName);
        }

        var pod = K8sJson.Object(ResourceKinds.Pod, metadata);
        var spec = (JsonObject)template["spec"]!.DeepClone();
        AddServiceAccountToken(b, spec);
        spec["nodeName"] = K8sJson.Name(node);
        spec["tolerations"] ??= DefaultTolerations();
        spec["priority"] = 0;
        spec["enableServiceLinks"] = true;
        spec["preemptionPolicy"] = "PreemptLowerPriority";
        pod["spec"] = spec;
        var hostNetwork = spec["hostNetwork"] is JsonValue hn && hn.TryGetValue<bool>(out var h) && h;
        var ip = hostNetwork ? Nodes.InternalIp(node) : b.PodIp(node);
        pod["status"] = RunningStatus(pod, node, ip, created);
        return pod;
    }

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

    public static IEnumerable<JsonObject> Containers(JsonObject pod, string field) =>
        (pod["spec"]?[field] as JsonArray)?.OfType<JsonObject>() ?? [];

    public static JsonObject Container(JsonObject pod, string name) =>
        InitAndMain.SelectMany(f => Containers(pod, f)).First(c => K8sJson.Text(c, "name") == name);

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.Any(c => K8sJson.Text(c, "type") == "Ready" && K8sJson.Text(c, "status") == "True") == true;

    public static bool IsTerminal(JsonObject pod) => K8sJson.Text(pod, "status", "phase") is "Succeeded" or "Failed";

    /// <summary>Counted by controllers and endpoints: not finished and not being deleted.</summary>
    public static bool IsActive(JsonObject pod) => !IsTerminal(pod) && pod["metadata"]?["deletionTimestamp"] is null;

    public static string ImageId(string image)
    {
        var repository = image.Contains('@', StringComparison.Ordinal) ? image[..image.IndexOf('@', StringComparison.Ordinal)] : StripTag(image);
        return $"{repository}@sha256:{ClusterBuilder.Digest(image)}";
    }

    private static string StripTag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? image[..colon] : image;
    }

    private static string ContainerId(JsonObject pod, string container, int instance) =>
        "containerd://" + ClusterBuilder.Digest($"{K8sJson.Uid(pod)}|{container}|{instance}");

    private static void AddServiceAccountToken(ClusterBuilder b, JsonObject spec)
    {
        if (spec["automountServiceAccountToken"] is JsonValue v && v.TryGetValue<bool>(out var mount) && !mount)
        {
            return;
        }

        var volume = "kube-api-access-" + b.Suffix(5);
        K8sJson.Array(spec, "volumes").Add(new JsonObject
        {
            ["name"] = volume,
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(
                    new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                    new JsonObject
                    {
                        ["configMap"] = new JsonObject
                        {
                            ["name"] = "kube-root-ca.crt",
                            ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                        },
                    },
                    new JsonObject
                    {
                        ["downwardAPI"] = new JsonObject
                        {
                            ["items"] = new JsonArray(new JsonObject
                            {
                                ["path"] = "namespace",
                                ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                            }),
                        },
                    }),
                ["defaultMode"] = 420,
            },
        });
        foreach (var container in InitAndMain.SelectMany(f => spec[f] as JsonArray ?? []).OfType<JsonObject>())
        {
            K8sJson.Array(container, "volumeMounts").Add(new JsonObject
            {
                ["name"] = volume,
                ["readOnly"] = true,
                ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount",
            });
        }
    }

    private static JsonArray DefaultTolerations() => new(
        new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 },
        new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 });

    private static string QosClass(JsonObject pod)
    {
        var containers = InitAndMain.SelectMany(f => Containers(pod, f)).ToList();
        var resources = containers.Select(c => c["resources"] as JsonObject).ToList();
        if (resources.All(r => r is null || (r["requests"] is null && r["limits"] is null)))
        {
            return "BestEffort";
        }

        var guaranteed = resources.All(r =>
            r?["limits"] is JsonObject limits && limits["cpu"] is not null && limits["memory"] is not null &&
            (r["requests"] is not JsonObject requests ||
             (K8sJson.Text(requests, "cpu") ?? K8sJson.Text(limits, "cpu")) == K8sJson.Text(limits, "cpu") &&
             (K8sJson.Text(requests, "memory") ?? K8sJson.Text(limits, "memory")) == K8sJson.Text(limits, "memory")));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
