using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// A one-replica StatefulSet whose only pod waits Pending with its claim, as the StatefulSet controller leaves it: the
/// headless Service with empty Endpoints, the StatefulSet (no replica available), claim <c>{volume}-{name}-0</c> Pending
/// on <c>storageClass</c>, and pod <c>{name}-0</c> mounting it. The fault says why it cannot be scheduled.
/// </summary>
internal sealed record PendingStatefulSet(JsonObject StatefulSet, JsonObject Claim, JsonObject Pod, string PodName, DateTimeOffset Created)
{
    public static PendingStatefulSet Create(
        FaultContext c, string name, JsonObject labels, JsonObject template, int port, string volume, string size, string storageClass)
    {
        var created = c.Since;
        var service = Networking.Service(c.B, c.Namespace, name, (JsonObject)labels.DeepClone(), port, port, created, headless: true);
        Networking.Endpoints(c.B, service, [], created); // No pod runs yet: Endpoints without subsets.
        var claimTemplate = Storage.ClaimTemplate(volume, size);
        claimTemplate["spec"]!["storageClassName"] = storageClass;
        var sts = K8sJson.Object(ResourceKinds.StatefulSet, c.B.Metadata(ResourceKinds.StatefulSet, c.Namespace, name, created, (JsonObject)labels.DeepClone(), generation: 1));
        sts["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = template.DeepClone(),
            ["volumeClaimTemplates"] = new JsonArray(claimTemplate),
            ["serviceName"] = name,
            ["podManagementPolicy"] = "OrderedReady",
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } },
            ["revisionHistoryLimit"] = 10,
        };
        c.B.Add(sts);

        var podName = $"{name}-0";
        var claim = Storage.PendingClaim(c.B, c.Namespace, $"{volume}-{podName}", size, storageClass, created, (JsonObject)labels.DeepClone());
        var podTemplate = (JsonObject)template.DeepClone();
        K8sJson.Array((JsonObject)podTemplate["spec"]!, "volumes").Insert(0, new JsonObject
        {
            ["name"] = volume,
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = K8sJson.Name(claim) },
        });
        var revision = $"{name}-{c.B.Suffix(10)}";
        var extra = K8sJson.Labels(("apps.kubernetes.io/pod-index", "0"), ("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", podName));
        var pod = c.B.Add(Pods.Create(c.B, c.Namespace, podName, podTemplate, sts, c.B.PickNode(), created.AddSeconds(1), extraLabels: extra));
        sts["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = 1,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
            ["availableReplicas"] = 0,
        };
        return new PendingStatefulSet(sts, claim, pod, podName, created);
    }
}
