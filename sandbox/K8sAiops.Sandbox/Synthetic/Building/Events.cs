using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Who recorded an event: the component and, for the kubelet, its node.</summary>
internal readonly record struct EventSource(string Component, string? Host = null)
{
    public static EventSource Kubelet(string node) => new("kubelet", node);

    public static readonly EventSource Scheduler = new("default-scheduler");
    public static readonly EventSource DeploymentController = new("deployment-controller");
    public static readonly EventSource ReplicaSetController = new("replicaset-controller");
    public static readonly EventSource StatefulSetController = new("statefulset-controller");
    public static readonly EventSource JobController = new("job-controller");
    public static readonly EventSource CronJobController = new("cronjob-controller");
    public static readonly EventSource NodeController = new("node-controller");
    public static readonly EventSource TaintEvictionController = new("taint-eviction-controller");
    public static readonly EventSource PersistentVolumeController = new("persistentvolume-controller");
    public static readonly EventSource AttachDetachController = new("attachdetach-controller");
    public static readonly EventSource Autoscaler = new("horizontal-pod-autoscaler");
}

/// <summary>core/v1 Events as the event recorder writes them (node events land in the <c>default</c> namespace).</summary>
internal static class Events
{
    public static JsonObject Add(ClusterBuilder b, JsonObject involved, string type, string reason, string message, EventSource source,
        DateTimeOffset first, DateTimeOffset? last = null, int count = 1, string? fieldPath = null)
    {
        var kind = ResourceKinds.FindByKind(K8sJson.Kind(involved))!;
        var ns = kind.Namespaced ? K8sJson.Namespace(involved) : "default";
        var name = b.EventName(K8sJson.Name(involved), first);
        var involvedObject = new JsonObject { ["kind"] = kind.Kind };
        if (kind.Namespaced)
        {
            involvedObject["namespace"] = ns;
        }

        involvedObject["name"] = K8sJson.Name(involved);
        involvedObject["uid"] = kind == ResourceKinds.Node ? K8sJson.Name(involved) : K8sJson.Uid(involved);
        involvedObject["apiVersion"] = kind.ApiVersion;
        involvedObject["resourceVersion"] = K8sJson.Text(involved, "metadata", "resourceVersion");
        if (fieldPath is not null)
        {
            involvedObject["fieldPath"] = fieldPath;
        }

        var sourceJson = new JsonObject { ["component"] = source.Component };
        if (source.Host is not null)
        {
            sourceJson["host"] = source.Host;
        }

        var lastSeen = last ?? first;
        var evt = K8sJson.Object(ResourceKinds.Event, b.Metadata(ResourceKinds.Event, ns, name, first));
        evt["involvedObject"] = involvedObject;
        evt["reason"] = reason;
        evt["message"] = message;
        evt["source"] = sourceJson;
        evt["firstTimestamp"] = K8sJson.Time(first);
        evt["lastTimestamp"] = K8sJson.Time(lastSeen);
        evt["count"] = count;
        evt["type"] = type;
        evt["eventTime"] = null;
        evt["reportingComponent"] = source.Component;
        evt["reportingInstance"] = source.Host ?? "";
        return b.Add(evt);
    }

    public static string ContainerPath(string container) => $"spec.containers{{{container}}}";

    public static string InitContainerPath(string container) => $"spec.initContainers{{{container}}}";

    /// <summary>The events of a pod that started normally: Scheduled, then Pulled, Created and Started for each container.</summary>
    public static void PodStarted(ClusterBuilder b, JsonObject pod, DateTimeOffset created)
    {
        var node = K8sJson.Text(pod, "spec", "nodeName")!;
        Add(b, pod, "Normal", "Scheduled", $"Successfully assigned {K8sJson.Namespace(pod)}/{K8sJson.Name(pod)} to {node}", EventSource.Scheduler, created);
        foreach (var container in Pods.Containers(pod, "containers"))
        {
            var name = K8sJson.Text(container, "name")!;
            var image = K8sJson.Text(container, "image")!;
            var path = ContainerPath(name);
            var kubelet = EventSource.Kubelet(node);
            Add(b, pod, "Normal", "Pulled", $"Container image \"{image}\" already present on machine", kubelet, created.AddSeconds(1), fieldPath: path);
            Add(b, pod, "Normal", "Created", $"Created container {name}", kubelet, created.AddSeconds(2), fieldPath: path);
            Add(b, pod, "Normal", "Started", $"Started container {name}", kubelet, created.AddSeconds(3), fieldPath: path);
        }
    }
}
