using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>
/// For every own check: a small healthy cluster with the check's fault injected, served by the sandbox and inspected
/// as the orchestration does it. The check fires on the object the fault names, and nothing else fires but the checks
/// the same state trips by right (its companions).
/// </summary>
public class InspectionFaultTests
{
    private static readonly DateTimeOffset Now = SandboxCluster.Now;

    public static TheoryData<string> OwnChecks() => [.. CheckCatalog.Own.Select(c => c.Id)];

    internal static SyntheticClusterOptions Small(int seed = 3) => new() { Now = Now, Seed = seed, Nodes = 3, Namespaces = 1, DeploymentsPerNamespace = 2 };

    [Theory]
    [MemberData(nameof(OwnChecks))]
    public async Task Inspect_InjectedFault_FiresItsCheckOnTheFaultsObjectAndNothingElse(string check)
    {
        var snapshot = SyntheticCluster.Generate(Small());
        var fault = InspectionFaults.Inject(snapshot, check, new FaultOptions { Now = Now });

        var results = await ClusterInspection.RunAsync(snapshot, Now);

        var findings = results.ConfiguredFindings();
        var expected = new FindingResource(fault.Resource.Kind, fault.Resource.Namespace, fault.Resource.Name);
        Assert.True(findings.Any(f => f.Check == check && f.Resource == expected),
            $"{check} did not fire on {expected}\nfault: {string.Join("; ", fault.Evidence)}\nfindings:\n{findings.Describe()}\nnotes: {results.Notes()}");
        Assert.Equal(fault.Companions.Append(check).Order(StringComparer.Ordinal), findings.Select(f => f.Check).Distinct().Order(StringComparer.Ordinal));
        Assert.All(findings.Where(f => f.Check == check), f => Assert.Equal(expected, f.Resource));
    }

    [Fact]
    public void Checks_AreTheCatalogsOwnChecks()
    {
        Assert.Equal(CheckCatalog.Own.Select(c => c.Id).Order(StringComparer.Ordinal), InspectionFaults.Checks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Inject_UnknownCheck_ThrowsNamingTheKnownOnes()
    {
        var snapshot = SyntheticCluster.Generate(Small());

        var error = Assert.Throws<ArgumentException>(() => InspectionFaults.Inject(snapshot, "crash-loop", new FaultOptions { Now = Now }));

        Assert.Contains("'crash-loop'", error.Message, StringComparison.Ordinal);
        Assert.Contains("latest-image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_EveryFaultIntoOneCluster_EachFiresOnItsObject()
    {
        var snapshot = SyntheticCluster.Generate(Small());
        var faults = InspectionFaults.Checks.Select(check => InspectionFaults.Inject(snapshot, check, new FaultOptions { Now = Now })).ToList();

        var findings = (await ClusterInspection.RunAsync(snapshot, Now)).ConfiguredFindings();

        Assert.All(faults, fault => Assert.Contains(findings, f => f.Check == fault.Check
            && f.Resource == new FindingResource(fault.Resource.Kind, fault.Resource.Namespace, fault.Resource.Name)));
    }
}
