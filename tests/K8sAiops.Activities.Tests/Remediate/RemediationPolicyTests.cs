using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Tests.Remediate.Support;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Tests.Remediate;

public sealed class RemediationPolicyTests
{
    private static readonly ResourceRef Cart = new("Deployment", "shop", "cart");

    private static string? Refusal(ProposedAction action, RemediationOptions? options = null) =>
        new RemediationPolicy(Options.Create(options ?? new RemediationOptions())).Refusal(action);

    [Fact]
    public void Refusal_Defaults_AllowEveryNamespacedAction()
    {
        foreach (var kind in ActionKinds.All.Where(k => k is not (ActionKinds.None or ActionKinds.CordonNode or ActionKinds.DeletePod)))
            Assert.Null(Refusal(RemediationCluster.Action(kind, Cart)));
        Assert.Null(Refusal(RemediationCluster.Action(ActionKinds.DeletePod, new ResourceRef("Pod", "shop", "cart-1"))));
        Assert.Null(Refusal(RemediationCluster.Action(ActionKinds.CordonNode, ResourceRef.ClusterScoped("Node", "worker-1"))));
    }

    [Fact]
    public void Refusal_NoneOrUnknownOrWrongTarget_Refused()
    {
        Assert.Contains("manual", Refusal(RemediationCluster.Action(ActionKinds.None, Cart)), StringComparison.Ordinal);
        Assert.Contains("not in the remediation catalogue", Refusal(RemediationCluster.Action("drain-node", Cart)), StringComparison.Ordinal);
        Assert.Contains("acts on Deployment", Refusal(RemediationCluster.Action(ActionKinds.Rollback, new ResourceRef("StatefulSet", "shop", "db"))), StringComparison.Ordinal);
        Assert.Contains("acts on Node", Refusal(RemediationCluster.Action(ActionKinds.CordonNode, Cart)), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_NoneAsTheOnlyAllowedAction_AllowsNothing()
    {
        var options = new RemediationOptions { AllowedActions = [ActionKinds.None], ClusterActions = [ActionKinds.None] };
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        foreach (var kind in ActionKinds.All.Where(k => k is not (ActionKinds.None or ActionKinds.CordonNode or ActionKinds.DeletePod)))
            Assert.Contains("Remediation:AllowedActions", Refusal(RemediationCluster.Action(kind, Cart), options), StringComparison.Ordinal);
        Assert.Contains("Remediation:ClusterActions", Refusal(RemediationCluster.Action(ActionKinds.CordonNode, ResourceRef.ClusterScoped("Node", "worker-1")), options), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_SystemNamespace_RefusedUnlessConfigured()
    {
        var coredns = new ResourceRef("Deployment", "kube-system", "coredns");
        Assert.Contains("system namespace kube-system", Refusal(RemediationCluster.Action(ActionKinds.RestartWorkload, coredns)), StringComparison.Ordinal);

        var options = new RemediationOptions { Namespaces = new() { ["kube-system"] = new NamespacePolicy { AllowedActions = [ActionKinds.RestartWorkload] } } };
        Assert.Null(Refusal(RemediationCluster.Action(ActionKinds.RestartWorkload, coredns), options));
        Assert.Contains("Remediation:Namespaces:kube-system:AllowedActions", Refusal(RemediationCluster.Action(ActionKinds.Scale, coredns), options), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_AllowList_OnlyListedActions()
    {
        var options = new RemediationOptions { AllowedActions = [ActionKinds.RestartWorkload], ClusterActions = [] };

        Assert.Null(Refusal(RemediationCluster.Action(ActionKinds.RestartWorkload, Cart), options));
        Assert.Contains("Remediation:AllowedActions", Refusal(RemediationCluster.Action(ActionKinds.Rollback, Cart), options), StringComparison.Ordinal);
        Assert.Contains("Remediation:ClusterActions", Refusal(RemediationCluster.Action(ActionKinds.CordonNode, ResourceRef.ClusterScoped("Node", "w")), options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_PolicyRefuses_NotAllowedNothingReadAndAuditedOnce()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero", new RemediationOptions { AllowedActions = [ActionKinds.RestartWorkload] });
        await using var _ = cluster;
        var context = cluster.NewContext("i-1");
        var action = RemediationCluster.Action(ActionKinds.Scale, RemediationCluster.Ref(fault!.Culprit), new() { [ActionParameters.Replicas] = "2" });
        cluster.Server.Requests.Clear();

        var plan = await cluster.PlanAsync("i-1", action, context);
        await cluster.PlanAsync("i-1", action, context);

        Assert.False(plan.Allowed);
        Assert.Contains("policy does not allow scale", plan.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Server.Requests.Count);
        var refusal = Assert.Single(await cluster.Audit.ReadAsync("i-1"));
        Assert.Equal((AuditSteps.Refusal, "refused", "policy"), (refusal.Step, refusal.Outcome, refusal.Actor));
        Assert.Null(await cluster.Locks.HolderAsync(action.Target));
    }

    [Fact]
    public async Task Plan_MissingParameters_RefusedWithReason()
    {
        var (cluster, fault) = await RemediationCluster.StartWithFaultAsync("scaled-to-zero");
        await using var _ = cluster;
        var target = RemediationCluster.Ref(fault!.Culprit);

        var scale = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.Scale, target));
        var memory = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.PatchMemoryLimit, target, new() { [ActionParameters.Memory] = "lots" }));
        var missing = await cluster.PlanAsync("i-1", RemediationCluster.Action(ActionKinds.RestartWorkload, target with { Name = "nope" }));

        Assert.Contains("needs a replica count", scale.Refusal, StringComparison.Ordinal);
        Assert.Contains("positive memory quantity", memory.Refusal, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Refusal, StringComparison.Ordinal);
        Assert.Null(await cluster.Locks.HolderAsync(target));
    }
}
