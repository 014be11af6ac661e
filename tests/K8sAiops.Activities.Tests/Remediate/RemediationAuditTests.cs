using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;

namespace K8sAiops.Activities.Tests.Remediate;

public sealed class RemediationAuditTests
{
    [Fact]
    public async Task Remediation_Redelivered_EachStepAuditedOnce()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var action = RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" });
        var planContext = cluster.NewContext("i-1");
        var applyContext = cluster.NewContext("i-1");
        var recordContext = cluster.NewContext("i-1");

        var plan = await cluster.PlanAsync("i-1", action, planContext);
        await cluster.PlanAsync("i-1", action, planContext);
        var applied = await cluster.ApplyAsync("i-1", plan, applyContext);
        await cluster.ApplyAsync("i-1", plan, applyContext);
        await cluster.RecordAsync("i-1", target, passed: true, recordContext);
        await cluster.RecordAsync("i-1", target, passed: true, recordContext);

        var entries = await cluster.Audit.ReadAsync("i-1");
        Assert.Equal([AuditSteps.DryRun, AuditSteps.Apply, AuditSteps.Verify], entries.Select(e => e.Step));
        Assert.Contains(plan.Digest, entries[0].Data, StringComparison.Ordinal);
        Assert.Contains("+  replicas: 2", System.Text.Json.JsonDocument.Parse(entries[0].Data!).RootElement.GetProperty("Diff").GetString(), StringComparison.Ordinal);
        Assert.Equal(("applied", "alice"), (entries[1].Outcome, entries[1].Actor));
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.Equal("passed", entries[2].Outcome);
    }
}
