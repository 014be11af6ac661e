using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>
/// For every taxonomy category a fault can be injected for: inject it into a small healthy cluster, inspect without an
/// alert, and find the category's check on the culprit the taxonomy names.
/// </summary>
public class TaxonomyFaultTests
{
    private static readonly DateTimeOffset Now = SandboxCluster.Now;

    /// <summary>
    /// Categories the inspection cannot find from the API alone, and why. disk-full: the database on the full volume keeps
    /// running and passes its readiness probe, so nothing in the listings looks wrong; only its log ("No space left on
    /// device") and the volume's usage (kubelet_volume_stats_*, a Prometheus series) show it. The inspection reads no
    /// logs of healthy-looking pods; an alert (KubePersistentVolumeFillingUp) or a Prometheus check has to point at it.
    /// </summary>
    private static readonly Dictionary<string, string> NeedAnAlert = new(StringComparer.Ordinal)
    {
        ["disk-full"] = "a full volume shows only in the pod's log and in Prometheus's kubelet_volume_stats; the pod is Running and Ready",
    };

    public static TheoryData<string> Categories() => [.. Faults.Categories.Where(c => !NeedAnAlert.ContainsKey(c))];

    public static TheoryData<string> AlertOnlyCategories() => [.. NeedAnAlert.Keys];

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task Inspect_InjectedTaxonomyFault_FiresTheCategorysCheckOnTheCulprit(string category)
    {
        var snapshot = SyntheticCluster.Generate(InspectionFaultTests.Small());
        var fault = Faults.Inject(snapshot, category, new FaultOptions { Now = Now });

        var results = await ClusterInspection.RunAsync(snapshot, Now);

        var findings = results.ConfiguredFindings();
        var culprit = new FindingResource(fault.Culprit.Kind, fault.Culprit.Namespace, fault.Culprit.Name);
        Assert.True(findings.Any(f => f.Check == category && f.Resource == culprit),
            $"{category} did not fire on {culprit}\nfault: {string.Join("; ", fault.Evidence)}\nfindings:\n{findings.Describe()}\nnotes: {results.Notes()}");
    }

    [Theory]
    [MemberData(nameof(AlertOnlyCategories))]
    public async Task Inspect_CategoryOnlyAnAlertReveals_IsNotFound(string category)
    {
        var snapshot = SyntheticCluster.Generate(InspectionFaultTests.Small());
        Faults.Inject(snapshot, category, new FaultOptions { Now = Now });

        var findings = (await ClusterInspection.RunAsync(snapshot, Now)).ConfiguredFindings();

        // If this fails the inspection has learnt to find the category: move it to the others.
        Assert.True(findings.All(f => f.Check != category), $"{category} was found although {NeedAnAlert[category]}:\n{findings.Describe()}");
    }
}
