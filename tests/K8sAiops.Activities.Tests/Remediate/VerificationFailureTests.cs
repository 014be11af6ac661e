using k8s;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;

namespace K8sAiops.Activities.Tests.Remediate;

/// <summary>
/// Verification that must fail: a fix that does not address the fault leaves the new pods failing as on a real
/// cluster. These need the sandbox to keep a fault in pods created after a fix until the fix addresses it (and, for
/// StatefulSets, to roll a changed template out to the pods).
/// </summary>
public sealed class VerificationFailureTests
{
    [Fact]
    public async Task Verify_MemoryLimitStillTooSmall_ReportsOomKilledPods()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("oom-killed");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var (_, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.PatchMemoryLimit, target, new() { [ActionParameters.Memory] = "600Mi" }));

        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.False(check.Healthy);
        Assert.Contains(check.Problems, p => p.StartsWith($"pod {target.Namespace}/{target.Name}-", StringComparison.Ordinal) && p.Contains("OOMKilled at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RestartOfBadImage_ReportsImagePullBackOff()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("image-pull");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var (_, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target));

        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.False(check.Healthy);
        Assert.Contains(check.Problems, p => p.Contains("ImagePullBackOff", StringComparison.Ordinal) || p.Contains("ErrImagePull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RestartWithConfigMapStillMissing_ReportsCreateContainerConfigError()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("missing-config");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var (_, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target));

        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.False(check.Healthy);
        Assert.Contains(check.Problems, p => p.Contains("CreateContainerConfigError", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RestartedStatefulSet_RollsOutAndVerifies()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var set = (await cluster.Client.AppsV1.ListStatefulSetForAllNamespacesAsync()).Items.First(s => s.Metadata.NamespaceProperty is not ("kube-system" or "monitoring"));
        var target = new ResourceRef("StatefulSet", set.Metadata.NamespaceProperty, set.Metadata.Name);

        var (_, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target));

        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }
}

/// <summary>Verification that fails with what the sandbox models today.</summary>
public sealed class VerificationTests
{
    [Fact]
    public async Task Verify_UnfixedCrashLoop_NamesEachFailingPod()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("crash-loop");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "1" }));
        var replicas = (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace)).Spec.Replicas;
        // As if the write had been made before the pods last crashed: what the check sees is the fault's pods.
        var applied = new RemediationApplied(ApplyOutcomes.Applied, "", null, RemediationCluster.Now.AddHours(-2));

        var check = await cluster.VerifyAsync("i-1", plan, applied);

        Assert.False(check.Healthy);
        Assert.Contains(check.Problems, p => p.Contains("waiting: CrashLoopBackOff", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.Contains("not Ready", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.Contains($"readyReplicas 0 of {replicas}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_OomKilledPodsAfterApply_NamesContainerAndTime()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("oom-killed");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target));
        var applied = new RemediationApplied(ApplyOutcomes.Applied, "", null, RemediationCluster.Now.AddHours(-2));

        var check = await cluster.VerifyAsync("i-1", plan, applied);

        Assert.False(check.Healthy);
        Assert.Contains(check.Problems, p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^pod \S+: container \S+ OOMKilled at \d\d:\d\d:\d\d$"));
    }

    [Fact]
    public async Task Verify_NodeStillSchedulable_Unhealthy()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("node-not-ready");
        await using var _ = cluster;
        var node = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.CordonNode, node));

        var check = await cluster.VerifyAsync("i-1", plan, new RemediationApplied(ApplyOutcomes.Applied, "", null, RemediationCluster.Now));

        Assert.False(check.Healthy);
        Assert.Contains($"node {node.Name}: still schedulable (spec.unschedulable is not true)", check.Problems);
    }

    [Fact]
    public async Task Verify_ApplyDidNotHappen_Unhealthy()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, RemediationCluster.Ref(fault!.Culprit), new() { [ActionParameters.Replicas] = "2" }));

        var check = await cluster.VerifyAsync("i-1", plan, new RemediationApplied(ApplyOutcomes.Changed, "changed", null, RemediationCluster.Now));

        Assert.False(check.Healthy);
    }
}
