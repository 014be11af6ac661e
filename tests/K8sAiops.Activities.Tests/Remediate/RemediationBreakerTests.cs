using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;

namespace K8sAiops.Activities.Tests.Remediate;

public sealed class RemediationBreakerTests
{
    [Fact]
    public async Task Record_ThreeFailedVerifications_OpensAndRefusesUntilReset()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var action = RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" });

        var first = await cluster.RecordAsync("i-1", target, passed: false);
        var second = await cluster.RecordAsync("i-2", target, passed: false);
        var third = await cluster.RecordAsync("i-3", target, passed: false);
        var refused = await cluster.PlanAsync("i-4", action);

        Assert.False(first.Open);
        Assert.False(second.Open);
        Assert.True(third.Open);
        Assert.Equal(3, third.ConsecutiveFailures);
        Assert.NotNull(third.OpenedAt);
        Assert.Equal("i-3", third.LastInstance);
        Assert.False(refused.Allowed);
        Assert.StartsWith($"the breaker of Deployment/{target.Namespace}/{target.Name} is open after 3 failed verifications", refused.Refusal, StringComparison.Ordinal);
        Assert.Contains("reset", refused.Refusal, StringComparison.Ordinal);
        var opened = Assert.Single(await cluster.Audit.ReadAsync("i-3"), e => e.Step == AuditSteps.Breaker);
        Assert.Equal("open", opened.Outcome);
        Assert.Equal(target, Assert.Single(await cluster.Breaker.ListAsync()).Target);

        var reset = await cluster.Breaker.ResetAsync(target, "alice");
        var allowed = await cluster.PlanAsync("i-4", action);

        Assert.False(reset.Open);
        Assert.Equal(0, reset.ConsecutiveFailures);
        Assert.Equal("alice", reset.ResetBy);
        Assert.True(allowed.Allowed, allowed.Refusal);
        Assert.Contains(await cluster.Audit.ReadAsync("i-3"), e => e is { Step: AuditSteps.Breaker, Outcome: "reset", Actor: "alice" });
    }

    [Fact]
    public async Task Record_PassedVerification_ClearsCount()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var target = new ResourceRef("Deployment", "shop", "cart");

        await cluster.RecordAsync("i-1", target, passed: false);
        await cluster.RecordAsync("i-2", target, passed: false);
        var passed = await cluster.RecordAsync("i-3", target, passed: true);
        var failed = await cluster.RecordAsync("i-4", target, passed: false);

        Assert.Equal(0, passed.ConsecutiveFailures);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.False(failed.Open);
    }

    [Fact]
    public async Task Record_Redelivered_CountedAndAuditedOnce()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null, new RemediationOptions { BreakerThreshold = 2 });
        await using var __ = cluster;
        var target = new ResourceRef("Deployment", "shop", "cart");
        var context = cluster.NewContext("i-1");

        await cluster.RecordAsync("i-1", target, passed: false, context);
        var again = await cluster.RecordAsync("i-1", target, passed: false, context);

        Assert.Equal(1, again.ConsecutiveFailures);
        Assert.False(again.Open);
        var entry = Assert.Single(await cluster.Audit.ReadAsync("i-1"));
        Assert.Equal((AuditSteps.Verify, "failed"), (entry.Step, entry.Outcome));
    }
}
