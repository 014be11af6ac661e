using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// missing-requests: the thumbnailer sets only a memory limit. The API server copies it into the memory request, but
/// there is no CPU request, so the scheduler places its pods as if they needed no CPU at all.
/// </summary>
internal static class MissingRequestsFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "thumbnailer", plan => plan.MainContainer["resources"] = PodTemplates.Resources(null, "512Mi", null, "512Mi"));
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: limits.memory 512Mi (requests.memory defaulted from it), no cpu request");
        return InspectionKit.Done(c, "missing-requests", parts.Deployment);
    }
}
