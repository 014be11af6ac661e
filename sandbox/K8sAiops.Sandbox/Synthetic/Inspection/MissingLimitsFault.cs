using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>missing-limits: the PDF renderer requests CPU and memory but sets no memory limit.</summary>
internal static class MissingLimitsFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "pdf-renderer", plan => plan.MainContainer["resources"] = PodTemplates.Resources("200m", "256Mi", null, null));
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: requests cpu 200m memory 256Mi, no limits");
        return InspectionKit.Done(c, "missing-limits", parts.Deployment);
    }
}
