using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Records;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Remediate;

public sealed class RemediationLocksTests
{
    private static readonly ResourceRef Cart = new("Deployment", "shop", "cart");

    [Fact]
    public async Task Plan_TargetLockedByAnotherInstance_RefusedUntilReleased()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var action = RemediationCluster.Action(ActionKinds.Scale, RemediationCluster.Ref(fault!.Culprit), new() { [ActionParameters.Replicas] = "2" });

        var mine = await cluster.PlanAsync("i-1", action);
        var again = await cluster.PlanAsync("i-1", action);
        var theirs = await cluster.PlanAsync("i-2", action);
        var applyTheirs = await cluster.ApplyAsync("i-2", mine);
        var released = await cluster.ReleaseAsync("i-1", action.Target);
        var releasedTwice = await cluster.ReleaseAsync("i-1", action.Target);
        var after = await cluster.PlanAsync("i-2", action);

        Assert.True(mine.Allowed, mine.Refusal);
        Assert.True(again.Allowed, again.Refusal);
        Assert.False(theirs.Allowed);
        Assert.Contains("i-1 is already remediating", theirs.Refusal, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Failed, applyTheirs.Outcome);
        Assert.True(released);
        Assert.False(releasedTwice);
        Assert.True(after.Allowed, after.Refusal);
    }

    [Fact]
    public async Task TryAcquire_AfterExpiry_AnotherInstanceTakesIt()
    {
        var time = new FakeTimeProvider(RemediationCluster.Now);
        var locks = new RemediationLocks(new InMemoryRecordTables(), Options.Create(new RemediationOptions { LockTimeout = TimeSpan.FromHours(1) }), time);

        Assert.Null(await locks.TryAcquireAsync(Cart, "i-1"));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("i-1", await locks.TryAcquireAsync(Cart, "i-2"));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await locks.TryAcquireAsync(Cart, "i-2"));
        Assert.Equal("i-2", await locks.HolderAsync(Cart));
        Assert.False(await locks.ReleaseAsync(Cart, "i-1"));
    }

    [Fact]
    public async Task TryAcquire_Racing_OneWins()
    {
        var locks = new RemediationLocks(new InMemoryRecordTables(), Options.Create(new RemediationOptions()), TimeProvider.System);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => locks.TryAcquireAsync(Cart, $"i-{i}")));

        Assert.Single(results, r => r is null);
    }
}
