using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>DaemonSets: one pod on every node, whatever its taints (system daemons tolerate everything).</summary>
internal static class DaemonSets
{
    public static (JsonObject DaemonSet, List<JsonObject> Pods) Deploy(ClusterBuilder b, string ns, string name, JsonObject template, DateTimeOffset created,
        Func<JsonObject, DateTimeOffset, IEnumerable<string>> log)
    {
        var labels = (JsonObject)template["metadata"]!["labels"]!.DeepClone();
        var revision = b.Suffix(10);
        var ds = K8sJson.Object(ResourceKinds.DaemonSet, b.Metadata(ResourceKinds.DaemonSet, ns, name, created, (JsonObject)labels.DeepClone(),
            K8sJson.Labels(("deprecated.daemonset.template.generation", "1")), generation: 1));
        ds["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = template.DeepClone(),
            ["updateStrategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 },
            },
            ["revisionHistoryLimit"] = 10,
        };
        b.Add(ds);
        var pods = new List<JsonObject>();
        foreach (var node in b.AllNodes)
        {
            var podCreated = created.AddSeconds(5 + pods.Count);
            var extra = K8sJson.Labels(("controller-revision-hash", revision), ("pod-template-generation", "1"));
            var pod = b.Add(Pods.Create(b, ns, $"{name}-{b.Suffix(5)}", template, ds, node, podCreated, generateName: name + "-", extraLabels: extra));
            pods.Add(pod);
            b.Log(pod, K8sJson.Text(PodTemplates.MainContainer(template), "name")!, log(node, podCreated.AddSeconds(3)));
        }

        var count = pods.Count;
        ds["status"] = new JsonObject
        {
            ["currentNumberScheduled"] = count,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = count,
            ["numberReady"] = count,
            ["observedGeneration"] = 1,
            ["updatedNumberScheduled"] = count,
            ["numberAvailable"] = count,
        };
        return (ds, pods);
    }

    /// <summary>Tolerates every taint, as kube-proxy and other node daemons do.</summary>
    public static JsonArray TolerateEverything() => new(new JsonObject { ["operator"] = "Exists" });
}
