using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>privileged-container: a packet-capture Deployment someone ran privileged to debug the network and left running.</summary>
internal static class PrivilegedContainerFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "packet-capture", plan => plan.MainContainer["securityContext"] = new JsonObject { ["privileged"] = true });
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: securityContext.privileged true");
        return InspectionKit.Done(c, "privileged-container", parts.Deployment);
    }
}
