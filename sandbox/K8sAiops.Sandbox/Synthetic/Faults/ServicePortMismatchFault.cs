using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// service-port-mismatch: the inventory API listens on 8080, but its Service forwards port 80 to targetPort 8000.
/// The Endpoints list the pods (on 8000); connections are refused. The order-sync worker, which loads stock levels at
/// start-up, exits and crash-loops.
/// </summary>
internal static class ServicePortMismatchFault
{
    private const int WrongPort = 8000;

    public static InjectedFault Inject(FaultContext c)
    {
        var backendPlan = c.App("inventory-api", replicas: 2);
        var backend = Apps.Deploy(c.B, backendPlan);
        var service = backend.Service!;
        ((JsonObject)service["spec"]!["ports"]![0]!)["targetPort"] = WrongPort;
        K8sJson.Metadata(service)["resourceVersion"] = c.B.NextResourceVersion();
        Networking.RefreshEndpoints(c.B, service, c.Since);
        var url = $"http://{FaultKit.ServiceHost(service)}/v1/stock";
        var refused = $"Get \"{url}\": dial tcp {FaultKit.ClusterIp(service)}:80: connect: connection refused";
        var client = Clients.CrashesWithout(c, "order-sync", "INVENTORY_URL", url, start => WorkerLog(start, refused));
        c.Note($"Service {c.Namespace}/{backendPlan.Name}: targetPort {WrongPort}, but the pods' containerPort is {backendPlan.Port} (named http)");
        c.Note($"Endpoints {c.Namespace}/{backendPlan.Name}: pod addresses on port {WrongPort}");
        c.Note($"Logs of {client.Name}: {refused}");
        return c.Done(FaultContext.Ref(service), FaultContext.Ref(client.Pod), MixinAlerts.PodCrashLooping(c.B, client.Pod, client.Name));
    }

    private static IEnumerable<string> WorkerLog(DateTimeOffset start, string refused)
    {
        yield return AppLogs.Line(start.AddMilliseconds(200), "INFO", "starting order-sync");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            yield return AppLogs.Line(start.AddSeconds(2 * attempt), "ERROR", $"failed to load stock levels (attempt {attempt}/5): {refused}");
        }

        yield return AppLogs.Line(start.AddSeconds(11), "FATAL", "inventory service unreachable, giving up");
    }
}
