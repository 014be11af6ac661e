using System.Security.Cryptography.X509Certificates;
using System.Text;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Sandbox.Tests.Synthetic;

/// <summary>The inspection faults as objects (that each trips its check is tested where the checks live, in the activities' tests).</summary>
public sealed class InspectionFaultsTests
{
    public static TheoryData<string> Checks() => [.. InspectionFaults.Checks];

    private static ClusterSnapshot Cluster() => SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 5 });

    private static FaultOptions Options => new() { Now = ClusterQueries.Now };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Inject_AnyCheck_AddsItsObjectAndChangesNothingButTheQuotasCount(string check)
    {
        var snapshot = Cluster();
        var before = snapshot.Objects.Where(o => (string?)o["kind"] != "ResourceQuota").ToDictionary(o => o.Uid(), o => o.ToJsonString());

        var fault = InspectionFaults.Inject(snapshot, check, Options);

        Assert.Equal(check, fault.Check);
        Assert.NotEmpty(fault.Evidence);
        var after = snapshot.Objects.ToDictionary(o => o.Uid(), o => o.ToJsonString());
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        if (fault.Resource.Kind != "Event")
        {
            Assert.Single(snapshot.OfKind(fault.Resource.Kind, fault.Resource.Namespace.Length == 0 ? null : fault.Resource.Namespace), o => o.Name() == fault.Resource.Name);
        }
    }

    [Fact]
    public void Inject_EveryCheckIntoOneCluster_NamesDoNotCollide()
    {
        var snapshot = Cluster();

        var faults = InspectionFaults.Checks.Concat(InspectionFaults.Checks).Select(check => InspectionFaults.Inject(snapshot, check, Options)).ToList();

        var resources = faults.Where(f => f.Resource.Kind != "Event").Select(f => f.Resource).ToList();
        Assert.Equal(resources.Count, resources.Distinct().Count());
        var identities = snapshot.Objects.Select(o => $"{o["kind"]}/{o.Namespace()}/{o.Name()}").ToList();
        Assert.Equal(identities.Count, identities.Distinct().Count());
    }

    [Fact]
    public void TlsExpiring_SecretHoldsAMatchingCertificateAndKeyExpiringInTenDays()
    {
        var snapshot = Cluster();

        var fault = InspectionFaults.Inject(snapshot, "tls-expiring", Options);

        var secret = snapshot.Get("Secret", fault.Resource.Namespace, fault.Resource.Name);
        Assert.Equal("kubernetes.io/tls", secret.Str("type"));
        var pem = Encoding.ASCII.GetString(Convert.FromBase64String(secret.Str("data", "tls.crt")!));
        var key = Encoding.ASCII.GetString(Convert.FromBase64String(secret.Str("data", "tls.key")!));
        using var certificate = X509Certificate2.CreateFromPem(pem, key);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(ClusterQueries.Now.AddDays(10), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        var ingress = Assert.Single(snapshot.OfKind("Ingress", fault.Resource.Namespace), i => i["spec"]!["tls"]?[0]?.Str("secretName") == fault.Resource.Name);
        Assert.Equal($"CN={ingress["spec"]!["tls"]![0]!["hosts"]![0]}", certificate.Subject);
    }

    [Fact]
    public void PdbBlocksEviction_StatusIsTheDisruptionControllers()
    {
        var snapshot = Cluster();

        var fault = InspectionFaults.Inject(snapshot, "pdb-blocks-eviction", Options);

        var pdb = snapshot.Get("PodDisruptionBudget", fault.Resource.Namespace, fault.Resource.Name);
        Assert.Equal(0, pdb["spec"]!["maxUnavailable"]!.GetValue<int>());
        var status = pdb["status"]!;
        Assert.Equal((0, 2, 2, 2), (status["disruptionsAllowed"]!.GetValue<int>(), status["currentHealthy"]!.GetValue<int>(),
            status["desiredHealthy"]!.GetValue<int>(), status["expectedPods"]!.GetValue<int>()));
        Assert.Equal(("False", "InsufficientPods"), (status["conditions"]![0].Str("status"), status["conditions"]![0].Str("reason")));
    }

    [Fact]
    public void NodeRequestsHigh_PodsFitButFillTheNodesMemory()
    {
        var snapshot = Cluster();

        var fault = InspectionFaults.Inject(snapshot, "node-requests-high", Options);

        var node = snapshot.Get("Node", null, fault.Resource.Name);
        var allocatable = Mebibytes(node.Str("status", "allocatable", "memory")!);
        var requested = snapshot.OfKind("Pod").Where(p => p.Str("spec", "nodeName") == fault.Resource.Name && p.Str("status", "phase") == "Running")
            .SelectMany(p => p["spec"]!["containers"]!.AsArray()).Sum(c => Mebibytes(c.Str("resources", "requests", "memory")));
        Assert.InRange(requested / allocatable, 0.9, 1.0);
        var quota = snapshot.OfKind("ResourceQuota", Options.Namespace ?? "shop").Single();
        Assert.True(Mebibytes(quota.Str("status", "used", "requests.memory")) <= Mebibytes(quota.Str("status", "hard", "requests.memory")));
    }

    [Fact]
    public void Inject_UnknownCheck_Throws()
    {
        Assert.Throws<ArgumentException>(() => InspectionFaults.Inject(Cluster(), "no-such-check", Options));
    }

    private static double Mebibytes(string? quantity) => quantity switch
    {
        null => 0,
        _ when quantity.EndsWith("Ki", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) / 1024,
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        _ => double.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture) / (1 << 20),
    };
}
