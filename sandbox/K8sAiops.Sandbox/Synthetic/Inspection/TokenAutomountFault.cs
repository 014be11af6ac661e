using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// sa-token-automount: a legacy worker that never calls the Kubernetes API still mounts its ServiceAccount's token
/// (automountServiceAccountToken left at its default), and no RoleBinding or ClusterRoleBinding grants that account
/// anything: a credential that only helps an attacker.
/// </summary>
internal static class TokenAutomountFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "legacy-worker", plan => PodTemplates.AllowApiAccess(plan.Template));
        var name = K8sJson.Name(parts.Deployment);
        c.Note($"Deployment {c.Namespace}/{name}: pods mount the token of ServiceAccount {name}, which nothing binds");
        return InspectionKit.Done(c, "sa-token-automount", parts.Deployment);
    }
}
