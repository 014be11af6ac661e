using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// node-requests-high: a feature store pinned to one node (nodeSelector on its hostname, for the node's local NVMe)
/// with two replicas whose memory requests bring the node's requested memory to about 95 % of allocatable. They fit,
/// so they run; the next pod will not, and the node's loss cannot be absorbed. The namespace's quota was raised for it.
/// </summary>
internal static class NodeRequestsHighFault
{
    private const double Share = 0.95;

    public static InspectionFault Inject(FaultContext c)
    {
        var node = c.B.PickNode();
        var nodeName = K8sJson.Name(node);
        var allocatable = Quantities.Bytes(K8sJson.Text(node, "status", "allocatable", "memory"));
        var onNode = c.B.Objects(ResourceKinds.Pod).Where(p => K8sJson.Text(p, "spec", "nodeName") == nodeName);
        var requested = Policies.Usage(onNode).RequestsMemory;
        var perPod = (long)((allocatable * Share) - requested) / 2 / (1L << 20);
        if (perPod < 256)
        {
            throw new InvalidOperationException($"Node {nodeName} already has {requested >> 20} Mi of {allocatable >> 20} Mi allocatable memory requested; there is no room to fill it to {Share:P0}.");
        }

        var memory = perPod.ToString(CultureInfo.InvariantCulture) + "Mi";
        var parts = InspectionKit.App(c, "feature-store", plan =>
        {
            plan.MainContainer["resources"] = PodTemplates.Resources("500m", memory, "2", memory);
            ((JsonObject)plan.Template["spec"]!)["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = nodeName };
            plan.Node = node;
        });
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: 2 pods on {nodeName} requesting {memory} memory each");
        c.Note($"Node {nodeName}: {(requested >> 20) + (2 * perPod)} Mi of {allocatable >> 20} Mi allocatable memory requested");
        return InspectionKit.Done(c, "node-requests-high", node);
    }
}
