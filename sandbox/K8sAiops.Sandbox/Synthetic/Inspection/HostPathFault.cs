using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>host-path: a report archiver writes to <c>/mnt/reports</c> on whichever node it runs on (a hostPath volume), so its data moves with nothing.</summary>
internal static class HostPathFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "report-archiver", plan =>
        {
            K8sJson.Array((JsonObject)plan.Template["spec"]!, "volumes").Add(new JsonObject
            {
                ["name"] = "archive",
                ["hostPath"] = new JsonObject { ["path"] = "/mnt/reports", ["type"] = "DirectoryOrCreate" },
            });
            K8sJson.Array(plan.MainContainer, "volumeMounts").Add(new JsonObject { ["name"] = "archive", ["mountPath"] = "/var/lib/reports" });
        });
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: hostPath volume /mnt/reports");
        return InspectionKit.Done(c, "host-path", parts.Deployment);
    }
}
