using K8sAiops.Sandbox.Tests.Server;
using static K8sAiops.Sandbox.Tests.Behaviour.PodStatus;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>A crash derived from the snapshot's crash-looping pods (no fault entry given) follows the container's definition.</summary>
public sealed class CrashLoopTests
{
    [Fact]
    public async Task Restart_SameDefinition_KeepsCrashLooping()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.CrashingApi().Snapshot);

        await sandbox.RestartAsync("shop", "api");

        var crash = Assert.Single(sandbox.Server.Faults.CrashingContainers);
        Assert.Equal(("shop", "api", "app", "registry.local/app:1.1", 1), (crash.Namespace, crash.Workload, crash.Container, crash.Image, crash.ExitCode));
        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.Equal("CrashLoopBackOff", WaitingReason(pod));
            Assert.Equal(1, Container(pod)["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
            Assert.Equal("Error", Container(pod)["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
            Assert.Contains(sandbox.EventsOf(pod), e => e["reason"]!.GetValue<string>() == "BackOff" && e["type"]!.GetValue<string>() == "Warning");
        });
        Assert.Equal(0, Counter(sandbox.Deployment("shop", "api"), "readyReplicas"));
    }

    [Fact]
    public async Task RollBack_ToTheOlderTemplate_Runs()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.CrashingApi().Snapshot);
        await sandbox.RestartAsync("shop", "api");

        await sandbox.RollBackAsync("shop", "api", Clusters.OldSet);

        var pods = sandbox.Pods("shop", "api");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod), pod.ToJsonString()));
        Assert.All(pods, pod => Assert.Equal(Clusters.OldSet, pod["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>()));
        var deployment = sandbox.Deployment("shop", "api");
        Assert.Equal(2, Counter(deployment, "readyReplicas"));
        Assert.Equal("NewReplicaSetAvailable", ConditionReason(deployment, "Progressing"));
    }

    [Fact]
    public async Task ChangeAnEnvironmentVariable_Runs()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.CrashingApi().Snapshot);

        await sandbox.PatchContainerAsync("shop", "api", """{"name":"app","env":[{"name":"PAYMENT_PROVIDER_URL","value":"https://pay.example.com"}]}""");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod)));
    }

    [Fact]
    public async Task DeriveFaultsOff_NewPodsRun()
    {
        var snapshot = Clusters.CrashingApi().Snapshot;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestCluster.Now);
        await using var server = await K8sAiops.Sandbox.Server.SandboxServer.StartAsync(snapshot, new() { TimeProvider = clock, DeriveFaults = false });
        using var api = new ApiClient(server.BaseAddress);

        await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api", "application/strategic-merge-patch+json",
            """{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"now"}}}}}""");

        Assert.True(server.Faults.IsEmpty);
        var pods = server.ListObjects(K8sAiops.Sandbox.Snapshots.ResourceKinds.Pod, "shop").Where(p => p["metadata"]!["creationTimestamp"]!.GetValue<string>() == "2025-06-01T12:00:00Z").ToList();
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod)));
    }
}
