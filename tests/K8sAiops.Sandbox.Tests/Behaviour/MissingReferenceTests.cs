using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Tests.Server;
using static K8sAiops.Sandbox.Tests.Behaviour.PodStatus;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>Missing ConfigMaps and Secrets need no fault entry: a new pod's references are checked against the store.</summary>
public sealed class MissingReferenceTests
{
    private static TestCluster ReadsModeFromConfigMap() => Clusters.Api(container: c =>
        c["env"] = new JsonArray(new JsonObject
        {
            ["name"] = "MODE",
            ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "api-config", ["key"] = "mode" } },
        }));

    [Fact]
    public async Task Restart_WhileTheConfigMapIsMissing_CreateContainerConfigError()
    {
        await using var sandbox = await Remediation.StartAsync(ReadsModeFromConfigMap().Snapshot);

        await sandbox.RestartAsync("shop", "api");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
            Assert.Equal("CreateContainerConfigError", WaitingReason(pod));
            Assert.Equal("configmap \"api-config\" not found", Container(pod)["state"]!["waiting"]!["message"]!.GetValue<string>());
            Assert.False(Container(pod)["ready"]!.GetValue<bool>());
            Assert.Equal("False", Condition(pod, "Ready"));
            Assert.Contains(sandbox.EventsOf(pod), e => e["reason"]!.GetValue<string>() == "Failed" && e["type"]!.GetValue<string>() == "Warning"
                && e["message"]!.GetValue<string>() == "Error: configmap \"api-config\" not found");
        });
        Assert.Equal(0, Counter(sandbox.Deployment("shop", "api"), "readyReplicas"));
    }

    [Fact]
    public async Task CreateTheConfigMap_WithoutTheKeyThenWithIt_PodsFailOnTheKeyThenRunAfterADeleteAndARestart()
    {
        await using var sandbox = await Remediation.StartAsync(ReadsModeFromConfigMap().Snapshot);
        await sandbox.RestartAsync("shop", "api");

        var (created, _) = await sandbox.Api.PostAsync("/api/v1/namespaces/shop/configmaps", """{"metadata":{"name":"api-config"},"data":{"other":"x"}}""");
        await sandbox.RestartAsync("shop", "api");
        var wrongKey = sandbox.NewPods("shop", "api", sandbox.Clock.GetUtcNow());
        var (patched, _) = await sandbox.Api.PatchAsync("/api/v1/namespaces/shop/configmaps/api-config", "application/merge-patch+json", """{"data":{"mode":"prod"}}""");
        var victim = sandbox.Pods("shop", "api")[0]["metadata"]!["name"]!.GetValue<string>();
        sandbox.Clock.Advance(TimeSpan.FromMinutes(1));
        await sandbox.Api.DeleteAsync($"/api/v1/namespaces/shop/pods/{victim}");
        var replacement = Assert.Single(sandbox.NewPods("shop", "api", sandbox.Clock.GetUtcNow()));
        var counted = sandbox.Deployment("shop", "api");
        await sandbox.RestartAsync("shop", "api");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(2, wrongKey.Count);
        Assert.All(wrongKey, pod => Assert.Equal("couldn't find key mode in ConfigMap shop/api-config", Container(pod)["state"]!["waiting"]!["message"]!.GetValue<string>()));
        Assert.True(IsRunningAndReady(replacement), replacement.ToJsonString());
        Assert.Equal(1, Counter(counted, "readyReplicas"));
        var pods = sandbox.Pods("shop", "api");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod), pod.ToJsonString()));
        Assert.Equal(2, Counter(sandbox.Deployment("shop", "api"), "readyReplicas"));
    }

    [Theory]
    [InlineData(false, "secret \"api-secrets\" not found")]
    [InlineData(true, null)]
    public async Task EnvFromMissingSecret_FailsUnlessOptional(bool optional, string? message)
    {
        var cluster = Clusters.Api(container: c => c["envFrom"] = new JsonArray(new JsonObject
        {
            ["secretRef"] = new JsonObject { ["name"] = "api-secrets", ["optional"] = optional },
        }));
        await using var sandbox = await Remediation.StartAsync(cluster.Snapshot);

        await sandbox.RestartAsync("shop", "api");

        var pods = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod => Assert.Equal(message, Container(pod)["state"]!["waiting"]?["message"]?.GetValue<string>()));
        Assert.All(pods, pod => Assert.Equal(optional, IsRunningAndReady(pod)));
    }
}
