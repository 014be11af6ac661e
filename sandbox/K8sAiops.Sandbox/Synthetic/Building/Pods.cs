using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Pods stamped from templates as the API server and kubelet fill them in (their status shapes are in Pods.Status.cs).</summary>
internal static partial class Pods
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
