using k8s;
using k8s.Models;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;

namespace K8sAiops.Activities.Tests.Remediate;

/// <summary>Apply under at-least-once delivery and concurrent change: one write, and a stale plan is never written.</summary>
public sealed class ApplyIdempotencyTests
{
    [Fact]
    public async Task Apply_ObjectChangedSinceDryRun_ReportsChangedAndWritesNothing()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"touched":"by-someone"}}}""", V1Patch.PatchType.MergePatch), target.Name, target.Namespace);
        cluster.Server.Requests.Clear();

        var applied = await cluster.ApplyAsync("i-1", plan);

        Assert.Equal(ApplyOutcomes.Changed, applied.Outcome);
        Assert.Empty(cluster.Writes());
        Assert.Equal(0, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace)).Spec.Replicas);
    }

    [Fact]
    public async Task Patch_StaleResourceVersionInBody_ApiServerAnswersConflict()
    {
        // What guards the race between apply's read and its write: the patch's metadata.resourceVersion.
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));
        var stale = plan.Patch!.Replace($"\"resourceVersion\":\"{plan.LiveResourceVersion}\"", "\"resourceVersion\":\"1\"", StringComparison.Ordinal);
        Assert.NotEqual(plan.Patch, stale);

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(stale, V1Patch.PatchType.StrategicMergePatch), target.Name, target.Namespace));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, ex.Response.StatusCode);
    }

    [Theory]
    [InlineData(ActionKinds.Scale)]
    [InlineData(ActionKinds.RestartWorkload)]
    [InlineData(ActionKinds.PatchMemoryLimit)]
    [InlineData(ActionKinds.Rollback)]
    public async Task Apply_SameRequestTwice_AlreadyAppliedWithOneWrite(string kind)
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("image-pull");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        Dictionary<string, string> parameters = kind switch
        {
            ActionKinds.Scale => new() { [ActionParameters.Replicas] = "3" },
            ActionKinds.PatchMemoryLimit => new() { [ActionParameters.Memory] = "1Gi" },
            _ => [],
        };
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(kind, target, parameters));
        Assert.True(plan.Allowed, plan.Refusal);
        var context = cluster.NewContext("i-1");

        var first = await cluster.ApplyAsync("i-1", plan, context);
        var second = await cluster.ApplyAsync("i-1", plan, context);

        Assert.Equal(ApplyOutcomes.Applied, first.Outcome);
        Assert.Equal(ApplyOutcomes.AlreadyApplied, second.Outcome);
        Assert.Single(cluster.Writes());
        var applies = (await cluster.Audit.ReadAsync("i-1")).Where(e => e.Step == AuditSteps.Apply).ToList();
        Assert.Equal(ApplyOutcomes.Applied, Assert.Single(applies).Outcome);
    }

    [Fact]
    public async Task Apply_DeletePodTwice_AlreadyAppliedWithOneDelete()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var deployment = await cluster.HealthyDeploymentAsync();
        var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync(deployment.Namespace, labelSelector: $"app={deployment.Name}")).Items[0];
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.DeletePod, new ResourceRef("Pod", pod.Metadata.NamespaceProperty, pod.Metadata.Name)));

        var first = await cluster.ApplyAsync("i-1", plan);
        var second = await cluster.ApplyAsync("i-1", plan);

        Assert.Equal(ApplyOutcomes.Applied, first.Outcome);
        Assert.Equal(ApplyOutcomes.AlreadyApplied, second.Outcome);
        Assert.Single(cluster.Writes(), r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Apply_DeletePodWhoseStatefulSetRecreatedIt_AlreadyApplied()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var pod = (await cluster.Client.CoreV1.ListPodForAllNamespacesAsync()).Items
            .First(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "StatefulSet") == true && p.Metadata.NamespaceProperty is not ("kube-system" or "monitoring"));
        var target = new ResourceRef("Pod", pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.DeletePod, target));

        var first = await cluster.ApplyAsync("i-1", plan);
        var replacement = await cluster.Client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace);
        var second = await cluster.ApplyAsync("i-1", plan);
        var check = await cluster.VerifyAsync("i-1", plan, first);

        Assert.Equal(ApplyOutcomes.Applied, first.Outcome);
        Assert.NotEqual(pod.Metadata.Uid, replacement.Metadata.Uid);
        Assert.Equal(ApplyOutcomes.AlreadyApplied, second.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }

    [Fact]
    public async Task Apply_PlanAlteredAfterDryRun_FailsWithoutWriting()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));

        var applied = await cluster.ApplyAsync("i-1", plan with { Patch = plan.Patch!.Replace("\"replicas\":2", "\"replicas\":50", StringComparison.Ordinal) });

        Assert.Equal(ApplyOutcomes.Failed, applied.Outcome);
        Assert.Contains("digest", applied.Detail, StringComparison.Ordinal);
        Assert.Empty(cluster.Writes());
    }

    [Fact]
    public async Task Apply_ApiServerRejects_FailedWithStatusMessage()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));
        var invalid = plan.Patch!.Replace("\"replicas\":2", "\"replicas\":-1", StringComparison.Ordinal);
        var applied = await cluster.ApplyAsync("i-1", plan with { Patch = invalid, Digest = PlanDigest.Of(plan with { Patch = invalid }) });

        Assert.Equal(ApplyOutcomes.Failed, applied.Outcome);
        Assert.Contains("must be greater than or equal to 0", applied.Detail, StringComparison.Ordinal);
    }
}
