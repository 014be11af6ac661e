using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// tls-expiring: the partner API's Ingress serves a certificate someone put into a <c>kubernetes.io/tls</c> Secret by
/// hand a year ago (no cert-manager to renew it); it expires in 10 days. The Secret holds a real PEM certificate and key.
/// </summary>
internal static class TlsExpiringFault
{
    public static readonly TimeSpan Left = TimeSpan.FromDays(10);

    public static InspectionFault Inject(FaultContext c)
    {
        var parts = InspectionKit.App(c, "partner-api", _ => { });
        var name = K8sJson.Name(parts.Deployment);
        var host = $"{name}.{c.Namespace}.example.com";
        var secretName = c.B.FreeName(ResourceKinds.Secret, c.Namespace, $"{name}-tls");
        var notAfter = c.Now + Left;
        var (certificate, key) = Certificates.SelfSigned([host], notAfter.AddDays(-365), notAfter);
        var secret = Configuration.Secret(c.B, c.Namespace, secretName, notAfter.AddDays(-365), [("tls.crt", certificate), ("tls.key", key)], "kubernetes.io/tls");
        var ingress = Networking.Ingress(c.B, c.Namespace, c.B.FreeName(ResourceKinds.Ingress, c.Namespace, name), host, name, 80, notAfter.AddDays(-365));
        ingress["spec"]!["tls"]![0]!["secretName"] = secretName;
        K8sJson.Metadata(ingress).Remove("annotations");
        c.Note($"Secret {c.Namespace}/{secretName} (kubernetes.io/tls): certificate for {host} expires {K8sJson.Time(notAfter)}");
        return InspectionKit.Done(c, "tls-expiring", secret);
    }
}
