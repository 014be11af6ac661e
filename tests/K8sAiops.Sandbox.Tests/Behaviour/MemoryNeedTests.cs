using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Tests.Server;
using static K8sAiops.Sandbox.Tests.Behaviour.PodStatus;

namespace K8sAiops.Sandbox.Tests.Behaviour;

public sealed class MemoryNeedTests
{
    private static FaultModel Needs700Mi()
    {
        var model = new FaultModel();
        model.MemoryNeeds.Add(new MemoryNeed("700Mi") { Namespace = "shop", Workload = "api", Container = "app" });
        return model;
    }

    [Fact]
    public async Task RaiseLimit_BelowTheNeed_PodsStillOomKilledAndTheDeploymentUnavailable()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api(container: c => Clusters.MemoryLimit(c, "512Mi")).Snapshot, Needs700Mi());

        await sandbox.PatchContainerAsync("shop", "api", """{"name":"app","resources":{"limits":{"memory":"600Mi"},"requests":{"memory":"600Mi"}}}""");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod =>
        {
            var container = Container(pod);
            Assert.Equal("CrashLoopBackOff", WaitingReason(pod));
            Assert.StartsWith("back-off 10s restarting failed container=app pod=", container["state"]!["waiting"]!["message"]!.GetValue<string>());
            Assert.Equal("OOMKilled", container["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
            Assert.Equal(137, container["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
            Assert.NotNull(container["lastState"]!["terminated"]!["startedAt"]);
            Assert.NotNull(container["lastState"]!["terminated"]!["finishedAt"]);
            Assert.True(container["restartCount"]!.GetValue<int>() >= 1);
            Assert.False(container["ready"]!.GetValue<bool>());
            Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
            Assert.Equal("False", Condition(pod, "Ready"));
            Assert.Contains(sandbox.EventsOf(pod), e => e["reason"]!.GetValue<string>() == "BackOff" && e["type"]!.GetValue<string>() == "Warning"
                && e["message"]!.GetValue<string>().StartsWith("Back-off restarting failed container app in pod ", StringComparison.Ordinal));
        });
        var deployment = sandbox.Deployment("shop", "api");
        Assert.Equal(2, Counter(deployment, "replicas"));
        Assert.Equal(2, Counter(deployment, "updatedReplicas"));
        Assert.Equal(0, Counter(deployment, "readyReplicas"));
        Assert.Equal(0, Counter(deployment, "availableReplicas"));
        Assert.Equal(2, Counter(deployment, "unavailableReplicas"));
        Assert.Equal("False", Condition(deployment, "Available"));
        Assert.Equal("ReplicaSetUpdated", ConditionReason(deployment, "Progressing"));
    }

    [Fact]
    public async Task RaiseLimit_AboveTheNeed_PodsRunAndTheDeploymentIsAvailable()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api(container: c => Clusters.MemoryLimit(c, "512Mi")).Snapshot, Needs700Mi());
        await sandbox.PatchContainerAsync("shop", "api", """{"name":"app","resources":{"limits":{"memory":"600Mi"}}}""");

        await sandbox.PatchContainerAsync("shop", "api", """{"name":"app","resources":{"limits":{"memory":"768Mi"}}}""");

        var pods = sandbox.Pods("shop", "api");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod), pod.ToJsonString()));
        Assert.All(pods, pod => Assert.Equal("768Mi", pod["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!.GetValue<string>()));
        var deployment = sandbox.Deployment("shop", "api");
        Assert.Equal(2, Counter(deployment, "readyReplicas"));
        Assert.Equal(2, Counter(deployment, "availableReplicas"));
        Assert.Equal(2, Counter(deployment, "updatedReplicas"));
        Assert.Equal(0, Counter(deployment, "unavailableReplicas"));
        Assert.Equal("True", Condition(deployment, "Available"));
        Assert.Equal("NewReplicaSetAvailable", ConditionReason(deployment, "Progressing"));
    }

    [Fact]
    public async Task Restart_AtTheOldLimit_KeepsOomKilling_ButAnotherWorkloadIsNotAffected()
    {
        var cluster = Clusters.Api(container: c => Clusters.MemoryLimit(c, "512Mi"));
        cluster.Deployment("shop", "web", 1);
        await using var sandbox = await Remediation.StartAsync(cluster.Snapshot, Needs700Mi());

        await sandbox.RestartAsync("shop", "api");
        await sandbox.PatchDeploymentAsync("shop", "web", """{"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"limits":{"memory":"64Mi"}}}]}}}}""");

        Assert.All(sandbox.NewPods("shop", "api", TestCluster.Now), pod => Assert.Equal("CrashLoopBackOff", WaitingReason(pod)));
        Assert.True(IsRunningAndReady(Assert.Single(sandbox.NewPods("shop", "web", TestCluster.Now))));
    }

    [Fact]
    public async Task ExistingPods_KeepTheirRecordedState()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api(container: c => Clusters.MemoryLimit(c, "512Mi")).Snapshot, Needs700Mi());

        var pods = sandbox.Pods("shop", "api");

        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>()));
        Assert.All(pods, pod => Assert.Null(WaitingReason(pod)));
    }
}
