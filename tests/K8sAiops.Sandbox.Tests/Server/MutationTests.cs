using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class MutationTests
{
    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2", ip: "10.0.0.2");
        cluster.Deployment("shop", "api", 3);
        cluster.Pod("shop", "loose");
        return cluster;
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("SCALE")]
    public async Task DryRunAll_EveryMutation_AnswersAsIfDoneAndChangesNothing(string verb)
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;
        var podsBefore = server.ListObjects(ResourceKinds.Pod).Count;

        var (status, body) = verb switch
        {
            "PATCH" => await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api?dryRun=All", "application/merge-patch+json", """{"spec":{"replicas":5}}"""),
            "PUT" => await api.PutAsync("/api/v1/namespaces/shop/pods/loose?dryRun=All", Relabelled(server.GetObject(ResourceKinds.Pod, "shop", "loose")!)),
            "POST" => await api.PostAsync("/api/v1/namespaces/shop/configmaps?dryRun=All", """{"metadata":{"name":"cfg"},"data":{"a":"b"}}"""),
            "DELETE" => await api.DeleteAsync("/api/v1/namespaces/shop/pods/loose?dryRun=All"),
            _ => await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api/scale?dryRun=All", "application/merge-patch+json", """{"spec":{"replicas":1}}"""),
        };

        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{verb}: {status} {body}");
        Assert.Equal(before, server.ResourceVersion);
        Assert.Equal(podsBefore, server.ListObjects(ResourceKinds.Pod).Count);
        Assert.Equal(3, server.GetObject(ResourceKinds.Deployment, "shop", "api")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(server.GetObject(ResourceKinds.ConfigMap, "shop", "cfg"));
        Assert.NotNull(server.GetObject(ResourceKinds.Pod, "shop", "loose"));
        if (verb == "PATCH")
        {
            Assert.Equal(5, body!["spec"]!["replicas"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task DryRun_InvalidPatch_StillValidates()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, _) = await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api?dryRun=All", "application/merge-patch+json", """{"spec":{"replicas":-3}}""");

        Assert.Equal((HttpStatusCode)422, status);
    }

    [Fact]
    public async Task Scale_GetScale_ReturnsAutoscalingV1Scale()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, scale) = await api.GetAsync("/apis/apps/v1/namespaces/shop/deployments/api/scale");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Scale", scale!["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(3, scale["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(3, scale["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal("app=api", scale["status"]!["selector"]!.GetValue<string>());
        Assert.Equal("uid-deploy-api", scale["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_UpThenDown_ReconcilesReplicaSetPodsAndStatus()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (upStatus, up) = await api.PutAsync("/apis/apps/v1/namespaces/shop/deployments/api/scale",
            """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"api","namespace":"shop"},"spec":{"replicas":5}}""");
        var afterUp = Pods(server, "api");
        var deploymentUp = server.GetObject(ResourceKinds.Deployment, "shop", "api")!;
        var (_, down) = await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api/scale", "application/merge-patch+json", """{"spec":{"replicas":1}}""");
        var afterDown = Pods(server, "api");

        Assert.Equal(HttpStatusCode.OK, upStatus);
        Assert.Equal(5, up!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(5, afterUp.Count);
        Assert.All(afterUp, p => Assert.Equal("Running", p["status"]!["phase"]!.GetValue<string>()));
        Assert.All(afterUp, p => Assert.Matches("^api-5d8f7c9b4-[a-z0-9]{5}$", p["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(5, deploymentUp["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(5, deploymentUp["status"]!["availableReplicas"]!.GetValue<int>());
        Assert.Equal(2, deploymentUp["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(2, deploymentUp["status"]!["observedGeneration"]!.GetValue<int>());
        Assert.Equal(1, down!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Single(afterDown);
        var deploymentDown = server.GetObject(ResourceKinds.Deployment, "shop", "api")!;
        Assert.Equal(1, deploymentDown["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, server.GetObject(ResourceKinds.ReplicaSet, "shop", "api-5d8f7c9b4")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Scale_NegativeReplicas_Answers422ForScale()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/api/scale", "application/merge-patch+json", """{"spec":{"replicas":-1}}""");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Scale.autoscaling \"api\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_PodOfReplicaSet_CreatesAFreshReadyReplacement()
    {
        var (server, api, clock) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        clock.Advance(TimeSpan.FromMinutes(1));
        var victim = Pods(server, "api")[0];
        var victimName = victim["metadata"]!["name"]!.GetValue<string>();

        var (status, deleted) = await api.DeleteAsync($"/api/v1/namespaces/shop/pods/{victimName}", """{"propagationPolicy":"Background"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(victimName, deleted!["metadata"]!["name"]!.GetValue<string>());
        var pods = Pods(server, "api");
        Assert.Equal(3, pods.Count);
        var fresh = Assert.Single(pods, p => p["metadata"]!["creationTimestamp"]!.GetValue<string>() == "2025-06-01T12:01:00Z");
        Assert.Matches("^api-5d8f7c9b4-[a-z0-9]{5}$", fresh["metadata"]!["name"]!.GetValue<string>());
        Assert.NotEqual(victim["metadata"]!["uid"]!.GetValue<string>(), fresh["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("Running", fresh["status"]!["phase"]!.GetValue<string>());
        Assert.Contains(fresh["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");
        Assert.True(fresh["status"]!["containerStatuses"]![0]!["ready"]!.GetValue<bool>());
        Assert.Equal("uid-rs-api-5d8f7c9b4", fresh["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Contains(server.ListObjects(ResourceKinds.Event, "shop"), e => e["reason"]!.GetValue<string>() == "SuccessfulCreate"
            && e["message"]!.GetValue<string>() == "Created pod: " + fresh["metadata"]!["name"]!.GetValue<string>()
            && e["lastTimestamp"]!.GetValue<string>() == "2025-06-01T12:01:00Z");
    }

    [Fact]
    public async Task Delete_PodWithoutOwner_RemovesIt()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var podsBefore = server.ListObjects(ResourceKinds.Pod).Count;

        var (status, _) = await api.DeleteAsync("/api/v1/namespaces/shop/pods/loose");
        var (again, body) = await api.DeleteAsync("/api/v1/namespaces/shop/pods/loose");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(podsBefore - 1, server.ListObjects(ResourceKinds.Pod).Count);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("NotFound", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_Deployment_AnswersSuccessStatusAndCollectsReplicaSetsAndPods()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.DeleteAsync("/apis/apps/v1/namespaces/shop/deployments/api");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Success", body!["status"]!.GetValue<string>());
        Assert.Equal("""{"name":"api","group":"apps","kind":"deployments","uid":"uid-deploy-api"}""", body["details"]!.ToJsonString());
        Assert.Empty(server.ListObjects(ResourceKinds.ReplicaSet, "shop"));
        Assert.Empty(Pods(server, "api"));
    }

    [Fact]
    public async Task Create_ConfigMapWithGenerateName_AssignsNameUidAndResourceVersion()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;

        var (status, created) = await api.PostAsync("/api/v1/namespaces/shop/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"cfg-"},"data":{"k":"v"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches("^cfg-[a-z0-9]{5}$", created!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(36, created["metadata"]!["uid"]!.GetValue<string>().Length);
        Assert.Equal("2025-06-01T12:00:00Z", created["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.True(long.Parse(created["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > before);
    }

    [Fact]
    public async Task Create_Deployment_ItsControllerMakesReplicaSetAndPods()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, _) = await api.PostAsync("/apis/apps/v1/namespaces/shop/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, Pods(server, "web").Count);
        Assert.Equal(2, server.GetObject(ResourceKinds.Deployment, "shop", "web")!["status"]!["readyReplicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replace_Pod_KeepsServerOwnedFieldsAndBumpsResourceVersion()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var pod = server.GetObject(ResourceKinds.Pod, "shop", "loose")!;
        var oldRv = pod["metadata"]!["resourceVersion"]!.GetValue<string>();
        pod["metadata"]!["labels"] = new JsonObject { ["new"] = "label" };
        pod["metadata"]!.AsObject().Remove("uid");

        var (status, replaced) = await api.PutAsync("/api/v1/namespaces/shop/pods/loose", pod.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("uid-pod-shop-loose", replaced!["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("label", replaced["metadata"]!["labels"]!["new"]!.GetValue<string>());
        Assert.NotEqual(oldRv, replaced["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private static string Relabelled(JsonObject pod)
    {
        pod["metadata"]!["labels"] = new JsonObject { ["dry"] = "run" };
        return pod.ToJsonString();
    }

    private static List<JsonObject> Pods(K8sAiops.Sandbox.Server.SandboxServer server, string app) =>
        server.ListObjects(ResourceKinds.Pod, "shop").Where(p => p["metadata"]!["labels"]?["app"]?.GetValue<string>() == app).ToList();
}
