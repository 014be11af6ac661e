using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>What the inspection faults share.</summary>
internal static class InspectionKit
{
    /// <summary>The fault's record: the check and the object its finding names.</summary>
    public static InspectionFault Done(FaultContext c, string check, JsonObject resource, params string[] companions) =>
        Done(c, check, FaultContext.Ref(resource), companions);

    public static InspectionFault Done(FaultContext c, string check, ResourceRef resource, params string[] companions) =>
        new(check, resource, companions, c.Evidence);

    /// <summary>A healthy application (two replicas unless said otherwise) after <paramref name="change"/> edits its plan: the one thing wrong with it.</summary>
    public static AppParts App(FaultContext c, string preferred, Action<AppPlan> change, int replicas = 2, string? image = null)
    {
        var plan = c.App(preferred, replicas, image);
        change(plan);
        return Apps.Deploy(c.B, plan);
    }
}
