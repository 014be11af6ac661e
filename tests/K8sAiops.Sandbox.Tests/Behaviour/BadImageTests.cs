using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Tests.Server;
using static K8sAiops.Sandbox.Tests.Behaviour.PodStatus;

namespace K8sAiops.Sandbox.Tests.Behaviour;

public sealed class BadImageTests
{
    private const string Bad = "registry.local/app:2.0";

    private static FaultModel BadTag()
    {
        var model = new FaultModel();
        model.BadImages.Add(new BadImage(Bad));
        return model;
    }

    [Fact]
    public async Task SetImage_ToABadImage_PodsWaitInImagePullBackOffWithTheKubeletsEvents()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot, BadTag());

        await sandbox.PatchContainerAsync("shop", "api", $$"""{"name":"app","image":"{{Bad}}"}""");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
            Assert.Equal("ImagePullBackOff", WaitingReason(pod));
            Assert.Equal($"Back-off pulling image \"{Bad}\"", Container(pod)["state"]!["waiting"]!["message"]!.GetValue<string>());
            Assert.Equal(0, Container(pod)["restartCount"]!.GetValue<int>());
            Assert.Equal("False", Condition(pod, "Ready"));
            var events = sandbox.EventsOf(pod);
            Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Failed" && e["type"]!.GetValue<string>() == "Warning"
                && e["message"]!.GetValue<string>().StartsWith($"Failed to pull image \"{Bad}\": ", StringComparison.Ordinal));
            Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "Failed" && e["message"]!.GetValue<string>() == "Error: ImagePullBackOff");
            Assert.Contains(events, e => e["reason"]!.GetValue<string>() == "BackOff" && e["message"]!.GetValue<string>() == $"Back-off pulling image \"{Bad}\"");
            Assert.DoesNotContain(events, e => e["reason"]!.GetValue<string>() == "Started");
        });
        Assert.Equal(0, Counter(sandbox.Deployment("shop", "api"), "readyReplicas"));
    }

    [Fact]
    public async Task RollBack_ToTheOldReplicaSetsTemplate_RunsTheGoodImageAgain()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot, BadTag());
        await sandbox.PatchContainerAsync("shop", "api", $$"""{"name":"app","image":"{{Bad}}"}""");
        await sandbox.RestartAsync("shop", "api");
        Assert.All(sandbox.NewPods("shop", "api", TestCluster.Now), pod => Assert.Equal("ImagePullBackOff", WaitingReason(pod)));

        await sandbox.RollBackAsync("shop", "api", Clusters.CurrentSet);

        var pods = sandbox.Pods("shop", "api");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod), pod.ToJsonString()));
        Assert.All(pods, pod => Assert.Equal("registry.local/app:1.0", pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        var deployment = sandbox.Deployment("shop", "api");
        Assert.Equal("registry.local/app:1.0", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(2, Counter(deployment, "readyReplicas"));
        Assert.Equal("True", Condition(deployment, "Available"));
    }

    [Fact]
    public async Task SetImage_ToAnotherTag_Runs()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot, BadTag());

        await sandbox.PatchContainerAsync("shop", "api", """{"name":"app","image":"registry.local/app:2.1"}""");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod)));
    }
}
