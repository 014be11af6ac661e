using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>A healthy generated cluster is quiet: no check finds anything, so the report scores 100.</summary>
public class HealthyClusterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inspect_HealthyCluster_FindsNothing(bool noise)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now, Noise = noise });

        var results = await ClusterInspection.RunAsync(snapshot, SandboxCluster.Now);

        var findings = results.ConfiguredFindings();
        Assert.True(findings.Count == 0, $"a healthy cluster (noise {noise}) has findings:\n{findings.Describe()}\nnotes: {results.Notes()}");
        Assert.Equal("(none)", results.Notes());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inspect_HealthyCluster_OnlyKubeProxyIsExemptedByTheDefaults(bool noise)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now, Noise = noise });

        var results = await ClusterInspection.RunAsync(snapshot, SandboxCluster.Now);

        // kube-proxy programs the node's iptables: it runs privileged and mounts the xtables lock and kernel modules.
        var raw = results.RawFindings().Select(f => (f.Check, f.Resource.ToString())).Order().ToList();
        Assert.Equal([(CheckCatalog.HostPath.Id, "DaemonSet/kube-system/kube-proxy"), (CheckCatalog.Privileged.Id, "DaemonSet/kube-system/kube-proxy")], raw);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Assemble_HealthyCluster_Scores100GradeA(bool noise)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = SandboxCluster.Now, Noise = noise });

        var report = (await ClusterInspection.RunAsync(snapshot, SandboxCluster.Now)).Assemble();

        Assert.Empty(report.Findings);
        Assert.Empty(report.Deductions);
        Assert.Equal(100, report.Score);
        Assert.Equal("A", report.Grade);
        Assert.All(report.Namespaces, n => Assert.Equal((100, "A", 0), (n.Score, n.Grade, n.Findings)));
    }
}
