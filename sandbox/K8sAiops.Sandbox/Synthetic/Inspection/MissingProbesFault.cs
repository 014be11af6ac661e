using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>missing-probes: a ledger sync service deployed without a readiness or a liveness probe.</summary>
internal static class MissingProbesFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "ledger-sync", plan =>
        {
            plan.MainContainer.Remove("readinessProbe");
            plan.MainContainer.Remove("livenessProbe");
        });
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: no readinessProbe, no livenessProbe");
        return InspectionKit.Done(c, "missing-probes", parts.Deployment);
    }
}
