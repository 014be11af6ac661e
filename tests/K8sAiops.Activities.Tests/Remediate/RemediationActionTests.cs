using k8s;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;

namespace K8sAiops.Activities.Tests.Remediate;

/// <summary>Each catalogue action against the sandbox: the dry run stores nothing and shows the change; apply, then verify.</summary>
public sealed class RemediationActionTests
{
    [Fact]
    public async Task PatchMemoryLimit_OomKilledDeployment_DiffShowsNewLimitAndVerifies()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("oom-killed");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var container = (await cluster.ReadAsync(target))["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
        var action = RemediationCluster.Action(ActionKinds.PatchMemoryLimit, target, new() { [ActionParameters.Container] = container, [ActionParameters.Memory] = "1280Mi" });

        var revision = cluster.Server.ResourceVersion;
        var plan = await cluster.PlanAsync("i-1", action);

        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Equal(revision, cluster.Server.ResourceVersion);
        Assert.Empty(cluster.Writes());
        Assert.Contains("-            memory: 512Mi", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("+            memory: 1280Mi", plan.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("deployment.kubernetes.io/revision", plan.Diff, StringComparison.Ordinal); // controllers never see a dry run
        Assert.StartsWith("--- deployment/", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("\n+++ ", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("\n@@ -", plan.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("resourceVersion", plan.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("status:", plan.Diff, StringComparison.Ordinal);
        Assert.Equal($"raise the memory limit of container {container} in Deployment {target.Namespace}/{target.Name} from 512Mi to 1280Mi", plan.Summary);
        Assert.Equal(64, plan.Digest.Length);
        Assert.True(plan.NeedsApproval);

        var applied = await cluster.ApplyAsync("i-1", plan);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        var live = await cluster.ReadAsync(target);
        Assert.Equal("1280Mi", live["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!.GetValue<string>());
        var check = await cluster.VerifyAsync("i-1", plan, applied);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }

    [Fact]
    public async Task PatchMemoryLimit_ParametersMissing_ReadFromKubectlCommand()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("oom-killed");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var container = (await cluster.ReadAsync(target))["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
        var action = RemediationCluster.Action(ActionKinds.PatchMemoryLimit, target) with
        {
            Commands = [$"kubectl -n {target.Namespace} set resources deployment/{target.Name} -c {container} --limits=memory=1280Mi"],
        };

        var plan = await cluster.PlanAsync("i-1", action);

        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Contains("+            memory: 1280Mi", plan.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchCpuLimit_HealthyDeployment_RaisesLimitAndVerifies()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var target = await cluster.HealthyDeploymentAsync();
        var action = RemediationCluster.Action(ActionKinds.PatchCpuLimit, target) with
        {
            Commands = [$"kubectl -n {target.Namespace} set resources deployment/{target.Name} --limits=cpu=1500m"],
        };

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", action);

        Assert.Contains("+            cpu: 1500m", plan.Diff, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }

    [Fact]
    public async Task RestartWorkload_HealthyDeployment_AnnotatesTemplateWithPlannedTimeAndVerifies()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var target = await cluster.HealthyDeploymentAsync();
        var podsBefore = (await cluster.Client.CoreV1.ListNamespacedPodAsync(target.Namespace)).Items.Select(p => p.Metadata.Name).ToHashSet();

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target, risk: "low"));

        Assert.Contains("+        kubectl.kubernetes.io/restartedAt: 2026-11-20T09:30:00Z", plan.Diff, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
        var live = await cluster.ReadAsync(target);
        Assert.Equal("2026-11-20T09:30:00Z", live["spec"]!["template"]!["metadata"]!["annotations"]![RemediationChange.RestartedAtAnnotation]!.GetValue<string>());
        var podsAfter = (await cluster.Client.CoreV1.ListNamespacedPodAsync(target.Namespace, labelSelector: $"app={target.Name}")).Items;
        Assert.All(podsAfter, p => Assert.DoesNotContain(p.Metadata.Name, podsBefore));
    }

    [Fact]
    public async Task Scale_StatefulSet_PatchesReplicasAndVerifies()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var set = (await cluster.Client.AppsV1.ListStatefulSetForAllNamespacesAsync()).Items.First(s => s.Metadata.NamespaceProperty is not ("kube-system" or "monitoring"));
        var target = new ResourceRef("StatefulSet", set.Metadata.NamespaceProperty, set.Metadata.Name);

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }));

        Assert.Contains("+  replicas: 2", plan.Diff, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedPodAsync(set.Metadata.Name + "-1", target.Namespace));
    }

    [Fact]
    public async Task Scale_ScaledToZero_ScalesToAbsoluteCountAndVerifies()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }, "low"));

        Assert.Contains("-  replicas: 0", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("+  replicas: 2", plan.Diff, StringComparison.Ordinal);
        Assert.Equal($"scale Deployment {target.Namespace}/{target.Name} from 0 to 2 replica(s)", plan.Summary);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
        Assert.Equal(2, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace)).Status.ReadyReplicas);
    }

    [Fact]
    public async Task Rollback_ImagePull_RestoresPreviousTemplateAndVerifies()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("image-pull");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);
        var before = await cluster.ReadAsync(target);
        var badImage = before["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.Rollback, target));

        Assert.Contains($"-        image: {badImage}", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("+        image: ", plan.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("pod-template-hash", plan.Diff, StringComparison.Ordinal);
        Assert.Contains("back from revision 5 to revision 4", plan.Summary, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        var after = await cluster.ReadAsync(target);
        Assert.NotEqual(badImage, after["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }

    [Fact]
    public async Task CordonNode_NotReadyNode_MarksUnschedulableAndVerifies()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("node-not-ready");
        await using var _ = cluster;
        var node = RemediationCluster.Ref(fault!.Culprit);

        var (plan, applied, check) = await cluster.RemediateAsync("i-1", RemediationCluster.Action(ActionKinds.CordonNode, node));

        Assert.Contains("+  unschedulable: true", plan.Diff, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
        Assert.True((await cluster.Client.CoreV1.ReadNodeAsync(node.Name)).Spec.Unschedulable);
    }

    [Fact]
    public async Task DeletePod_HealthyPod_DryRunKeepsItThenReplacementVerifies()
    {
        var (cluster, _) = await RemediationCluster.StartWithFaultAsync(null);
        await using var __ = cluster;
        var deployment = await cluster.HealthyDeploymentAsync();
        var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync(deployment.Namespace, labelSelector: $"app={deployment.Name}")).Items[0];
        var target = new ResourceRef("Pod", pod.Metadata.NamespaceProperty, pod.Metadata.Name);

        var plan = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.DeletePod, target, risk: "low"));

        Assert.True(plan.Allowed, plan.Refusal);
        Assert.Equal(pod.Metadata.Uid, plan.LiveUid);
        Assert.Equal("ReplicaSet", plan.Owner?.Kind);
        Assert.Contains("+++ /dev/null (deleted)", plan.Diff, StringComparison.Ordinal);
        Assert.Contains($"-  name: {pod.Metadata.Name}", plan.Diff, StringComparison.Ordinal);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace));
        Assert.Empty(cluster.Writes());

        var applied = await cluster.ApplyAsync("i-1", plan);
        var check = await cluster.VerifyAsync("i-1", plan, applied);

        Assert.Equal(ApplyOutcomes.Applied, applied.Outcome);
        Assert.True(check.Healthy, string.Join("; ", check.Problems));
    }

    [Fact]
    public async Task Plan_AutoApprovedRisk_DoesNotNeedApproval()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero", new RemediationOptions { AutoApproveRisks = ["low"] });
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var low = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }, "low"));
        var medium = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target, new() { [ActionParameters.Replicas] = "2" }, "medium"));

        Assert.False(low.NeedsApproval);
        Assert.True(medium.NeedsApproval);
    }
}
