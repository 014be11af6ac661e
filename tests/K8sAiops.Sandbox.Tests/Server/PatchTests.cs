using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class PatchTests
{
    private const string Deployment = "/apis/apps/v1/namespaces/shop/deployments/api";
    private const string Strategic = "application/strategic-merge-patch+json";
    private const string Merge = "application/merge-patch+json";
    private const string JsonPatch = "application/json-patch+json";

    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1");
        var (deployment, _) = cluster.Deployment("shop", "api", 2);
        var spec = deployment["spec"]!["template"]!["spec"]!.AsObject();
        spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "api-config" } });
        spec["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "registry.local/proxy:1.0" });
        spec["containers"]![0]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/api" });
        return cluster;
    }

    [Fact]
    public async Task StrategicMerge_Containers_MergeByNameKeepingOtherContainersAndFields()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, patched) = await api.PatchAsync(Deployment, Strategic, """
            {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:2.0",
              "env":[{"name":"LOG_LEVEL","value":"debug"}],"ports":[{"containerPort":9090,"name":"metrics"}],
              "resources":{"limits":{"memory":"512Mi"}}}]}}}}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var containers = patched!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["app", "sidecar"], containers.Select(c => c!["name"]!.GetValue<string>()));
        var app = containers[0]!;
        Assert.Equal("registry.local/app:2.0", app["image"]!.GetValue<string>());
        Assert.Equal(["MODE", "LOG_LEVEL"], app["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal([8080, 9090], app["ports"]!.AsArray().Select(p => p!["containerPort"]!.GetValue<int>()));
        Assert.Equal("512Mi", app["resources"]!["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("/etc/api", app["volumeMounts"]![0]!["mountPath"]!.GetValue<string>());
        Assert.Equal("registry.local/proxy:1.0", containers[1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task StrategicMerge_Directives_DeleteItemsReplaceListsAndNullRemovesKeys()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, patched) = await api.PatchAsync(Deployment, Strategic, """
            {"metadata":{"labels":{"app":null,"team":"payments"}},
             "spec":{"template":{"spec":{
               "containers":[{"name":"sidecar","$patch":"delete"},{"name":"app","env":[{"name":"MODE","$patch":"delete"}]}],
               "volumes":[{"name":"scratch","emptyDir":{}},{"$patch":"replace"}],
               "imagePullSecrets":[{"name":"regcred"}]}}}}
            """);

        var spec = patched!["spec"]!["template"]!["spec"]!;
        Assert.Equal(["app"], spec["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Empty(spec["containers"]![0]!["env"]!.AsArray());
        Assert.Equal(["scratch"], spec["volumes"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal("regcred", spec["imagePullSecrets"]![0]!["name"]!.GetValue<string>());
        var labels = patched["metadata"]!["labels"]!.AsObject();
        Assert.False(labels.ContainsKey("app"));
        Assert.Equal("payments", labels["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task MergePatch_Lists_AreReplacedWhole()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, patched) = await api.PatchAsync(Deployment, Merge,
            """{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"registry.local/only:1"}]}}},"metadata":{"annotations":{"note":"x"}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["only"], patched!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("x", patched["metadata"]!["annotations"]!["note"]!.GetValue<string>());
        // The revision annotation survives the merge; the new template rolled out as revision 2.
        Assert.Equal("2", patched["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task JsonPatch_EveryOperation_AppliesInOrder()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, patched) = await api.PatchAsync(Deployment, JsonPatch, """
            [{"op":"test","path":"/spec/replicas","value":2},
             {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"registry.local/app:3.0"},
             {"op":"add","path":"/metadata/labels/tier","value":"back"},
             {"op":"copy","from":"/metadata/labels/tier","path":"/metadata/labels/layer"},
             {"op":"move","from":"/metadata/labels/layer","path":"/metadata/annotations/layer"},
             {"op":"remove","path":"/spec/template/spec/containers/1"},
             {"op":"add","path":"/spec/template/spec/containers/0/env/-","value":{"name":"B","value":"2"}}]
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var spec = patched!["spec"]!["template"]!["spec"]!;
        Assert.Equal("registry.local/app:3.0", spec["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Single(spec["containers"]!.AsArray());
        Assert.Equal(["MODE", "B"], spec["containers"]![0]!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal("back", patched["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Null(patched["metadata"]!["labels"]!["layer"]);
        Assert.Equal("back", patched["metadata"]!["annotations"]!["layer"]!.GetValue<string>());
    }

    [Fact]
    public async Task JsonPatch_FailedTest_Answers422AndChangesNothing()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;

        var (status, body) = await api.PatchAsync(Deployment, JsonPatch,
            """[{"op":"test","path":"/spec/replicas","value":5},{"op":"replace","path":"/spec/replicas","value":9}]""");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Invalid", body!["reason"]!.GetValue<string>());
        Assert.Equal("the server rejected our request due to an error in our request", body["message"]!.GetValue<string>());
        Assert.Equal(before, server.ResourceVersion);
        Assert.Equal(2, server.GetObject(ResourceKinds.Deployment, "shop", "api")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task JsonPatch_MissingPath_Answers422()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, _) = await api.PatchAsync(Deployment, JsonPatch, """[{"op":"remove","path":"/spec/nothing"}]""");

        Assert.Equal((HttpStatusCode)422, status);
    }

    [Fact]
    public async Task Patch_SpecChange_BumpsGenerationAndResourceVersion_MetadataChangeOnlyResourceVersion()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var (_, original) = await api.GetAsync(Deployment);

        var (_, labelled) = await api.PatchAsync(Deployment, Merge, """{"metadata":{"labels":{"x":"y"}}}""");
        var (_, imaged) = await api.PatchAsync(Deployment, Strategic, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:9"}]}}}}""");

        Assert.Equal(Rv(original), Rv(original));
        Assert.True(Rv(labelled) > Rv(original));
        Assert.True(Rv(imaged) > Rv(labelled));
        Assert.Equal(1, labelled!["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, imaged!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_ThatChangesNothing_KeepsTheResourceVersion()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;

        var (_, patched) = await api.PatchAsync(Deployment, Merge, """{"spec":{"replicas":2}}""");

        Assert.Equal(before, server.ResourceVersion);
        Assert.True(Rv(patched) <= before);
    }

    [Fact]
    public async Task Patch_StatusOfDeployment_IsIgnoredAsOnTheMainResource()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, patched) = await api.PatchAsync(Deployment, Merge, """{"status":{"readyReplicas":99}}""");

        Assert.Equal(2, patched!["status"]!["readyReplicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_MissingObject_Answers404()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PatchAsync("/apis/apps/v1/namespaces/shop/deployments/ghost", Merge, "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("deployments.apps \"ghost\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_TemplateChange_RollsOutNewReplicaSetAndPods()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        await api.PatchAsync(Deployment, Strategic, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:2.0"}]}}}}""");

        var pods = server.ListObjects(ResourceKinds.Pod, "shop");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("registry.local/app:2.0", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        var sets = server.ListObjects(ResourceKinds.ReplicaSet, "shop");
        Assert.Equal(2, sets.Count);
        var current = sets.Single(s => s["spec"]!["replicas"]!.GetValue<int>() == 2);
        Assert.Equal("2", current["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
    }

    private static long Rv(JsonNode? obj) => long.Parse(obj!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
