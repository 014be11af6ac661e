using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>latest-image: the changelog service runs <c>:latest</c> (so <c>imagePullPolicy: Always</c>): each restart may run other code.</summary>
internal static class LatestImageFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "changelog", plan =>
        {
            plan.MainContainer["image"] = $"registry.example.com/{c.Namespace}/{plan.Name}:latest";
            plan.MainContainer["imagePullPolicy"] = "Always";
        });
        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: image {K8sJson.Text(PodTemplates.MainContainer((System.Text.Json.Nodes.JsonObject)parts.Deployment["spec"]!["template"]!), "image")}");
        return InspectionKit.Done(c, "latest-image", parts.Deployment);
    }
}
