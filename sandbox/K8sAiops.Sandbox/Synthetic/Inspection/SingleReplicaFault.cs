using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>single-replica: the admin console runs one replica; a node drain takes it down.</summary>
internal static class SingleReplicaFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "admin-console", _ => { }, replicas: 1);
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: spec.replicas 1");
        return InspectionKit.Done(c, "single-replica", parts.Deployment);
    }
}
