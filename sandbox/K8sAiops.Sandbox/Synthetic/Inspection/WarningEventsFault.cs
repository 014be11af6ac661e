using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// warning-events: the edge proxy's pods set <c>dnsPolicy: None</c> with four nameservers; the resolver takes three,
/// so the kubelet keeps warning <c>DNSConfigForming: Nameserver limits were exceeded, some nameservers have been
/// omitted</c> on every sync. The pods run and serve; the warning is the only sign.
/// </summary>
internal static class WarningEventsFault
{
    public const string Reason = "DNSConfigForming";

    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "edge-proxy", plan =>
        {
            var spec = (JsonObject)plan.Template["spec"]!;
            spec["dnsPolicy"] = "None";
            spec["dnsConfig"] = new JsonObject
            {
                ["nameservers"] = new JsonArray("10.96.0.10", "10.0.0.2", "1.1.1.1", "8.8.8.8"),
                ["searches"] = new JsonArray($"{c.Namespace}.svc.cluster.local", "svc.cluster.local", "cluster.local"),
                ["options"] = new JsonArray(new JsonObject { ["name"] = "ndots", ["value"] = "5" }),
            };
        });
        foreach (var pod in parts.Pods)
        {
            Events.Add(c.B, pod, "Warning", Reason,
                "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 10.0.0.2 1.1.1.1",
                EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!), FaultKit.Created(pod).AddSeconds(1), c.Now.AddSeconds(-50), 2146);
        }

        c.Note($"Deployment {c.Namespace}/{K8sJson.Name(parts.Deployment)}: dnsConfig with 4 nameservers; Warning {Reason} on each pod");
        return InspectionKit.Done(c, "warning-events", new ResourceRef("Event", c.Namespace, Reason));
    }
}
