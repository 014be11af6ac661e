using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>
/// Makes the pods a controller would create from a template, and plays scheduler and kubelet for them: each new pod is
/// bound to the least loaded Ready node, given a free pod IP and started at once — every container running and ready
/// unless the fault model says otherwise (see <c>Behaviour/</c>) — with the events a real cluster records for it.
/// </summary>
internal static class PodFactory
{
    /// <summary>
    /// Creates and starts a pod named <paramref name="name"/> from the template of <paramref name="owner"/>. A snapshot
    /// may hold a ReplicaSet without its template; its pods then follow the controlling Deployment's template.
    /// </summary>
    public static StoredObject CreateFromTemplate(StoreTransaction tx, StoredObject owner, string name, string? generateName, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var source = owner.Json.At("spec", "template") is { } own && own.ItemsAt("spec", "containers").Any()
            ? own
            : Owners.ControllerOf(owner.Json) is { Kind: "Deployment" } deployment
              && tx.Get(ResourceKinds.Deployment, owner.Namespace, deployment.Name)?.Json.At("spec", "template") is { } inherited
                ? inherited
                : owner.Json.At("spec", "template");
        var template = source is { } t ? JsonNode.Parse(t.GetRawText())!.AsObject() : new JsonObject();
        var templateMetadata = template["metadata"] as JsonObject ?? new JsonObject();
        var metadata = new JsonObject { ["name"] = name };
        if (generateName is not null)
        {
            metadata["generateName"] = generateName;
        }

        metadata["namespace"] = owner.Namespace;
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (templateMetadata[field] is JsonObject values)
            {
                metadata[field] = values.DeepClone();
            }
        }

        foreach (var (label, value) in extraLabels ?? new Dictionary<string, string>())
        {
            metadata.Child("labels")[label] = value;
        }

        metadata["ownerReferences"] = Owners.ReferenceTo(owner);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        ObjectDefaults.Apply(ResourceKinds.Pod, pod, tx.Now);
        return Start(tx, pod);
    }

    /// <summary>
    /// Schedules and starts <paramref name="pod"/> (no uid yet or a new one), stores it and records its events. Each
    /// container meets the fate <see cref="FaultEvaluator"/> gives it (running, or the first of its faults); the pod is
    /// Pending while a container has never started, and ready only when every container runs.
    /// </summary>
    public static StoredObject Start(StoreTransaction tx, JsonObject pod)
    {
        var spec = pod.Child("spec");
        spec["restartPolicy"] ??= "Always";
        spec["schedulerName"] ??= "default-scheduler";
        spec["serviceAccountName"] ??= "default";
        var node = spec.StringAt("nodeName") is { Length: > 0 } bound ? tx.Get(ResourceKinds.Node, "", bound) : PickNode(tx);
        if (node is not null)
        {
            spec["nodeName"] = node.Name;
        }

        var now = Json.FormatTime(tx.Now);
        var containers = Containers(spec, "containers");
        var ns = pod.StringAt("metadata", "namespace") ?? "";
        var workload = Workloads.TopOwner(tx, JsonSerializer.SerializeToElement(pod));
        var fates = containers.Select(c => tx.Faults.Judge(tx, ns, workload, c)).ToList();
        var unready = containers.Where((_, i) => !fates[i].IsRunning).Select(c => c.StringAt("name")).ToList();
        var neverStarted = fates.Any(f => f is ContainerFate.ImagePullBackOff or ContainerFate.ConfigError);
        var hostIp = node?.Json.ItemsAt("status", "addresses").Where(a => a.StringAt("type") == "InternalIP").Select(a => a.StringAt("address")).FirstOrDefault();
        var podIp = FreeIp(tx);
        var notReady = unready.Count == 0 ? null : $"containers with unready status: [{string.Join(' ', unready)}]";
        var status = new JsonObject
        {
            ["phase"] = neverStarted ? "Pending" : "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", now), Condition("Initialized", now), Condition("Ready", now, notReady),
                Condition("ContainersReady", now, notReady), Condition("PodScheduled", now)),
        };
        if (hostIp is not null)
        {
            status["hostIP"] = hostIp;
            status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        }

        status["podIP"] = podIp;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        status["startTime"] = now;
        var initContainers = Containers(spec, "initContainers");
        if (initContainers.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray(initContainers.Select(c => (JsonNode?)CompletedStatus(c, now)).ToArray());
        }

        status["containerStatuses"] = new JsonArray(containers.Select((c, i) => (JsonNode?)ContainerStarts.Status(fates[i], c, pod, now)).ToArray());
        status["qosClass"] = QosClass(containers);
        pod["status"] = status;

        var stored = tx.Put(ResourceKinds.Pod, pod);
        if (node is not null)
        {
            EventRecorder.Normal(tx, stored, "Scheduled", $"Successfully assigned {stored.Namespace}/{stored.Name} to {node.Name}", "default-scheduler");
        }

        for (var i = 0; i < containers.Count; i++)
        {
            ContainerStarts.RecordEvents(tx, stored, fates[i], containers[i], node?.Name);
        }

        return stored;
    }

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool IsReady(JsonElement pod) =>
        pod.ItemsAt("status", "conditions").Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");

    private static StoredObject? PickNode(StoreTransaction tx)
    {
        var load = tx.List(ResourceKinds.Pod).GroupBy(p => p.Json.StringAt("spec", "nodeName") ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return tx.List(ResourceKinds.Node)
            .Where(n => n.Json.At("spec", "unschedulable") is not { ValueKind: JsonValueKind.True })
            .Where(n => n.Json.ItemsAt("status", "conditions").Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True"))
            .OrderBy(n => load.GetValueOrDefault(n.Name))
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static string FreeIp(StoreTransaction tx)
    {
        var used = tx.List(ResourceKinds.Pod).Select(p => p.Json.StringAt("status", "podIP")).Where(ip => ip is not null).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; ; i++)
        {
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.244.{100 + (i / 250 % 150)}.{(i % 250) + 2}");
            if (!used.Contains(ip))
            {
                return ip;
            }
        }
    }

    private static List<JsonObject> Containers(JsonObject spec, string field) => (spec[field] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>A pod condition, True, or False with reason ContainersNotReady when <paramref name="notReady"/> says why.</summary>
    private static JsonObject Condition(string type, string now, string? notReady = null)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = notReady is null ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = now,
        };
        if (notReady is not null)
        {
            condition["reason"] = "ContainersNotReady";
            condition["message"] = notReady;
        }

        return condition;
    }

    private static JsonObject CompletedStatus(JsonObject container, string now) => new()
    {
        ["name"] = container.StringAt("name"),
        ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = now, ["finishedAt"] = now, ["containerID"] = ContainerId() } },
        ["lastState"] = new JsonObject(),
        ["ready"] = true,
        ["restartCount"] = 0,
        ["image"] = container.StringAt("image"),
        ["imageID"] = "",
        ["containerID"] = ContainerId(),
        ["started"] = false,
    };

    private static string ContainerId() => "containerd://" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    private static string QosClass(List<JsonObject> containers)
    {
        var any = false;
        var guaranteed = containers.Count > 0;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            any |= requests is { Count: > 0 } || limits is { Count: > 0 };
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = limits?[resource]?.ToJsonString();
                var request = requests?[resource]?.ToJsonString() ?? limit;
                guaranteed &= limit is not null && request == limit;
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
