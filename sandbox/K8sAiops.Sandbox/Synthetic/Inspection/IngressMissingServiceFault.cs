using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// ingress-missing-service: the legacy admin Ingress still routes to Service <c>admin-ui</c>, which was removed with
/// its Deployment; the ingress controller answers 503 for the host.
/// </summary>
internal static class IngressMissingServiceFault
{
    public static InspectionFault Inject(FaultContext c)
    {
        var service = c.FreeName("admin-ui");
        var name = c.B.FreeName(ResourceKinds.Ingress, c.Namespace, "legacy-admin");
        var ingress = Networking.Ingress(c.B, c.Namespace, name, $"admin.{c.Namespace}.example.com", service, 80, c.Now.AddDays(-120));
        ingress["spec"]!.AsObject().Remove("tls");
        K8sJson.Metadata(ingress).Remove("annotations");
        c.Note($"Ingress {c.Namespace}/{name}: backend Service {service}, which does not exist");
        return InspectionKit.Done(c, "ingress-missing-service", ingress);
    }
}
