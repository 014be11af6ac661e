using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// service-no-endpoints: the payment gateway runs fine, but its Service's selector has a typo
/// (<c>app: payment-gatway</c>), so the Endpoints have no addresses. Traffic to the ClusterIP is refused; the checkout
/// frontend's readiness (which checks the gateway) fails and its Deployment lacks available replicas.
/// </summary>
internal static class ServiceNoEndpointsFault
{
    public static InjectedFault Inject(FaultContext c)
    {
        var backendPlan = c.App("payment-gateway", replicas: 2);
        backendPlan.Service = false;
        Apps.Deploy(c.B, backendPlan);
        var typo = backendPlan.Name.Replace("gateway", "gatway", StringComparison.Ordinal);
        var service = Networking.Service(c.B, c.Namespace, backendPlan.Name, K8sJson.Labels(("app", typo == backendPlan.Name ? backendPlan.Name + "x" : typo)),
            80, backendPlan.Port, c.Since, labels: K8sJson.Labels(("app", backendPlan.Name)));
        var endpoints = Networking.Endpoints(c.B, service, c.B.Objects(ResourceKinds.Pod, c.Namespace), c.Since);
        var url = $"http://{FaultKit.ServiceHost(service)}/v1/authorize";
        var refused = $"Post \"{url}\": dial tcp {FaultKit.ClusterIp(service)}:80: connect: connection refused";

        var frontend = Clients.ReadinessDependsOn(c, "web-checkout", "PAYMENT_GATEWAY_URL", url, refused);
        c.Note($"Service {c.Namespace}/{backendPlan.Name}: selector app={service["spec"]!["selector"]!["app"]} matches no pod (pods are labelled app={backendPlan.Name})");
        c.Note($"Endpoints {c.Namespace}/{K8sJson.Name(endpoints)}: no subsets");
        c.Note($"Logs of {frontend.Name}: {refused}");
        return c.Done(FaultContext.Ref(service), FaultContext.Ref(frontend.Deployment), MixinAlerts.DeploymentReplicasMismatch(c.B, frontend.Deployment));
    }
}
