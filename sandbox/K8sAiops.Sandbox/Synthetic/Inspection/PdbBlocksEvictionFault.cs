using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// pdb-blocks-eviction: a PodDisruptionBudget with <c>maxUnavailable: 0</c> over the checkout API's two pods. The
/// disruption controller reports <c>disruptionsAllowed: 0</c> (DisruptionAllowed=False, InsufficientPods), so every
/// eviction is refused and a node drain never finishes.
/// </summary>
internal static class PdbBlocksEvictionFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "checkout-api", _ => { });
        var name = K8sJson.Name(parts.Deployment);
        var selector = (JsonObject)parts.Deployment["spec"]!["selector"]!["matchLabels"]!.DeepClone();
        var pdb = Policies.DisruptionBudget(c.B, c.Namespace, name, selector, minAvailable: null, maxUnavailable: 0, c.Now.AddDays(-9));
        c.Note($"PodDisruptionBudget {c.Namespace}/{name}: maxUnavailable 0, disruptionsAllowed {pdb["status"]!["disruptionsAllowed"]}");
        return InspectionKit.Done(c, "pdb-blocks-eviction", pdb);
    }
}
