using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>Real X.509 serving certificates for TLS Secrets, as PEM.</summary>
internal static class Certificates
{
    /// <summary>
    /// A self-signed serving certificate for <paramref name="dnsNames"/> valid from <paramref name="notBefore"/> to
    /// <paramref name="notAfter"/>, and its PKCS#8 key. The serial number follows from the names; the P-256 key (and so the
    /// signature) is new on every call, so only the certificate's content, not its bytes, is repeatable.
    /// </summary>
    public static (string Certificate, string Key) SelfSigned(IReadOnlyList<string> dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var serial = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', dnsNames)))[..16];
        serial[0] &= 0x7F; // A positive serial number, as RFC 5280 asks.
        using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
        return (certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }
}
