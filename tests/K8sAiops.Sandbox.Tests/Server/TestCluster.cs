using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Server;

/// <summary>Builds a <see cref="ClusterSnapshot"/> in code, with objects shaped as a real cluster writes them.</summary>
internal sealed class TestCluster
{
    /// <summary>The "now" of every test clock; snapshot objects are created an hour before.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly string Created = "2025-06-01T11:00:00Z";

    public ClusterSnapshot Snapshot { get; } = new() { Source = "test" };

    public TestCluster Node(string name, bool ready = true, string ip = "10.0.0.1")
    {
        Snapshot.Objects.Add(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = "uid-node-" + name,
                ["creationTimestamp"] = Created,
                ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name, ["node-role.kubernetes.io/worker"] = "" },
            },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = ip }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.0", ["osImage"] = "Debian GNU/Linux 12 (bookworm)" },
            },
        });
        return this;
    }

    public JsonObject Pod(
        string ns,
        string name,
        IReadOnlyDictionary<string, string>? labels = null,
        string node = "node-1",
        string phase = "Running",
        string[]? containers = null,
        JsonObject? owner = null,
        int restarts = 0,
        string? waitingReason = null,
        string? podIp = null)
    {
        containers ??= ["app"];
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["uid"] = "uid-pod-" + ns + "-" + name,
            ["creationTimestamp"] = Created,
            ["labels"] = Labels(labels),
        };
        if (owner is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
                ["kind"] = owner["kind"]!.GetValue<string>(),
                ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }

        var ready = phase == "Running" && waitingReason is null;
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["nodeName"] = node,
                ["restartPolicy"] = "Always",
                ["containers"] = new JsonArray(containers.Select(c => (JsonNode?)new JsonObject { ["name"] = c, ["image"] = "registry.local/" + c + ":1.0" }).ToArray()),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["podIP"] = podIp ?? "10.244.0." + (Snapshot.Objects.Count % 250 + 2),
                ["startTime"] = Created,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode?)ContainerStatus(c, restarts, waitingReason)).ToArray()),
            },
        };
        Snapshot.Objects.Add(pod);
        return pod;
    }

    /// <summary>A Deployment, its ReplicaSet (revision 1) and <paramref name="replicas"/> ready pods.</summary>
    public (JsonObject Deployment, JsonObject ReplicaSet) Deployment(string ns, string name, int replicas, string image = "registry.local/app:1.0")
    {
        var labels = new JsonObject { ["app"] = name };
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = image,
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                    ["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "prod" }),
                }),
                ["restartPolicy"] = "Always",
            },
        };
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = "uid-deploy-" + name,
                ["creationTimestamp"] = Created,
                ["generation"] = 1,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = template.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["readyReplicas"] = replicas,
                ["availableReplicas"] = replicas,
            },
        };
        var rsName = name + "-5d8f7c9b4";
        var rsTemplate = template.DeepClone().AsObject();
        rsTemplate["metadata"]!["labels"]!["pod-template-hash"] = "5d8f7c9b4";
        var replicaSet = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = rsName,
                ["namespace"] = ns,
                ["uid"] = "uid-rs-" + rsName,
                ["creationTimestamp"] = Created,
                ["generation"] = 1,
                ["labels"] = rsTemplate["metadata"]!["labels"]!.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = "uid-deploy-" + name,
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = rsTemplate["metadata"]!["labels"]!.DeepClone() },
                ["template"] = rsTemplate,
            },
            ["status"] = new JsonObject
            {
                ["replicas"] = replicas, ["readyReplicas"] = replicas, ["availableReplicas"] = replicas, ["observedGeneration"] = 1,
            },
        };
        Snapshot.Objects.Add(deployment);
        Snapshot.Objects.Add(replicaSet);
        for (var i = 0; i < replicas; i++)
        {
            var pod = Pod(ns, $"{rsName}-p{i:D3}x", new Dictionary<string, string> { ["app"] = name, ["pod-template-hash"] = "5d8f7c9b4" }, owner: replicaSet);
            pod["spec"]!["containers"]![0]!["image"] = image;
        }

        return (deployment, replicaSet);
    }

    public JsonObject Event(
        string ns,
        string name,
        string involvedKind,
        string involvedName,
        string reason,
        string message,
        string type = "Normal",
        string? fieldPath = null)
    {
        var involved = new JsonObject
        {
            ["kind"] = involvedKind,
            ["namespace"] = ns,
            ["name"] = involvedName,
            ["uid"] = "uid-pod-" + ns + "-" + involvedName,
            ["apiVersion"] = "v1",
        };
        if (fieldPath is not null)
        {
            involved["fieldPath"] = fieldPath;
        }

        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Created },
            ["involvedObject"] = involved,
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = "node-1" },
            ["firstTimestamp"] = Created,
            ["lastTimestamp"] = "2025-06-01T11:55:00Z",
            ["count"] = 3,
        };
        Snapshot.Objects.Add(ev);
        return ev;
    }

    public TestCluster Log(string ns, string pod, string container, string text, bool previous = false)
    {
        Snapshot.Logs[new ContainerLogKey(ns, pod, container, previous)] = text;
        return this;
    }

    private static JsonObject Labels(IReadOnlyDictionary<string, string>? labels)
    {
        var result = new JsonObject();
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    private static JsonObject ContainerStatus(string name, int restarts, string? waitingReason)
    {
        var status = new JsonObject
        {
            ["name"] = name,
            ["image"] = "registry.local/" + name + ":1.0",
            ["imageID"] = "",
            ["ready"] = waitingReason is null,
            ["started"] = waitingReason is null,
            ["restartCount"] = restarts,
            ["state"] = waitingReason is null
                ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2025-06-01T11:30:00Z" } }
                : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = waitingReason, ["message"] = "back-off 5m0s restarting failed container" } },
            ["lastState"] = restarts == 0
                ? new JsonObject()
                : new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 1, ["reason"] = "Error",
                        ["startedAt"] = "2025-06-01T11:20:00Z", ["finishedAt"] = "2025-06-01T11:25:00Z",
                    },
                },
        };
        return status;
    }
}
