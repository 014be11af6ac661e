using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class SandboxServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopbackAndAnswersVersion()
    {
        var cluster = new TestCluster().Node("node-1");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/version");

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("v1.32.0", body!["gitVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Load_SnapshotWithoutNamespaces_SynthesizesActiveNamespacesInUseAndDefault()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "web-1");
        cluster.Pod("kube-system", "dns-1");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (_, body) = await api.GetAsync("/api/v1/namespaces");

        var names = body!["items"]!.AsArray().Select(n => n!["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["default", "kube-system", "shop"], names);
        Assert.All(body["items"]!.AsArray(), n => Assert.Equal("Active", n!["status"]!["phase"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Load_Objects_GetIncreasingResourceVersionsAndUids()
    {
        var cluster = new TestCluster().Node("node-1");
        var pod = cluster.Pod("shop", "web-1");
        pod["metadata"]!.AsObject().Remove("uid");
        cluster.Pod("shop", "web-2");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (_, list) = await api.GetAsync("/api/v1/namespaces/shop/pods");

        var versions = list!["items"]!.AsArray().Select(p => long.Parse(p!["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(2, versions.Distinct().Count());
        Assert.True(long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>()) >= versions.Max());
        Assert.Equal(36, list["items"]![0]!["metadata"]!["uid"]!.GetValue<string>().Length);
        Assert.Equal(server.ResourceVersion, long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Requests_EachCall_IsRecordedWithMethodPathQueryAndStatus()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(new TestCluster());
        await using var _s = server;
        using var _a = api;

        await api.GetAsync("/api/v1/namespaces/default/pods?limit=5");
        await api.GetAsync("/api/v1/namespaces/default/pods/missing");

        var requests = server.Requests.Snapshot();
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(new SandboxRequest("GET", "/api/v1/namespaces/default/pods", "limit=5", 200), requests[0]);
        Assert.Equal(404, requests[1].StatusCode);
        server.Requests.Clear();
        Assert.Equal(0, server.Requests.Count);
    }

    [Fact]
    public async Task WriteKubeconfig_WritesClusterUserAndCurrentContext()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(new TestCluster());
        await using var _s = server;
        using var _a = api;
        var path = Path.Combine(Path.GetTempPath(), "k8saiops-tests", Guid.NewGuid().ToString("N"), "kubeconfig");

        var written = server.WriteKubeconfig(path, "lab", "shop");

        var text = await File.ReadAllTextAsync(written);
        Assert.Contains($"server: \"http://127.0.0.1:{server.BaseAddress.Port}\"", text, StringComparison.Ordinal);
        Assert.Contains("current-context: \"lab\"", text, StringComparison.Ordinal);
        Assert.Contains("namespace: \"shop\"", text, StringComparison.Ordinal);
        Assert.Contains("token: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_CoreAndGroups_ListEveryKindWithScaleAndLogSubresources()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(new TestCluster());
        await using var _s = server;
        using var _a = api;

        var (_, core) = await api.GetAsync("/api/v1");
        var (_, groups) = await api.GetAsync("/apis");
        var (_, apps) = await api.GetAsync("/apis/apps/v1");
        var (_, versions) = await api.GetAsync("/api");

        var coreNames = core!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("pods/log", coreNames);
        Assert.Contains("namespaces", coreNames);
        var scale = apps!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "deployments/scale")!;
        Assert.Equal("autoscaling", scale["group"]!.GetValue<string>());
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        var served = ResourceKinds.All.Select(k => k.Group).Where(g => g.Length > 0).Distinct().Order().ToList();
        Assert.Equal(served, groups!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Order().ToList());
        Assert.Equal("APIVersions", versions!["kind"]!.GetValue<string>());
        var pods = core["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods")!;
        Assert.Equal(["po"], pods["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(pods["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_EveryKind_ListsAndGetsAtItsRestPath()
    {
        var cluster = new TestCluster().Node("node-1");
        foreach (var kind in ResourceKinds.All.Where(k => k.Kind is not ("Node" or "Namespace")))
        {
            var metadata = new JsonObject { ["name"] = "x-" + kind.Singular };
            if (kind.Namespaced)
            {
                metadata["namespace"] = "shop";
            }

            cluster.Snapshot.Objects.Add(new JsonObject { ["apiVersion"] = kind.ApiVersion, ["kind"] = kind.Kind, ["metadata"] = metadata });
        }

        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        foreach (var kind in ResourceKinds.All.Where(k => k.Kind is not ("Node" or "Namespace")))
        {
            var prefix = kind.Group.Length == 0 ? "/api/v1" : $"/apis/{kind.Group}/{kind.Version}";
            var collection = kind.Namespaced ? $"{prefix}/namespaces/shop/{kind.Plural}" : $"{prefix}/{kind.Plural}";
            var (listStatus, list) = await api.GetAsync(collection);
            var (getStatus, obj) = await api.GetAsync($"{collection}/x-{kind.Singular}");
            Assert.Equal(HttpStatusCode.OK, listStatus);
            Assert.Equal(kind.ListKind, list!["kind"]!.GetValue<string>());
            Assert.Single(list["items"]!.AsArray());
            Assert.Equal(HttpStatusCode.OK, getStatus);
            Assert.Equal(kind.Kind, obj!["kind"]!.GetValue<string>());
            if (kind.Namespaced)
            {
                var (allStatus, all) = await api.GetAsync($"{prefix}/{kind.Plural}");
                Assert.Equal(HttpStatusCode.OK, allStatus);
                Assert.Single(all!["items"]!.AsArray());
            }
        }
    }
}
