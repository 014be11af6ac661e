using System.Net;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class SelectorTests
{
    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2", ip: "10.0.0.2");
        cluster.Pod("shop", "web-a", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" });
        cluster.Pod("shop", "web-b", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "edge", ["canary"] = "true" }, node: "node-2");
        cluster.Pod("shop", "api-a", new Dictionary<string, string> { ["app"] = "api", ["tier"] = "back" }, phase: "Pending");
        cluster.Pod("shop", "job-a", new Dictionary<string, string> { ["batch"] = "nightly" }, phase: "Succeeded", node: "node-2");
        cluster.Pod("ops", "web-c", new Dictionary<string, string> { ["app"] = "web" });
        cluster.Event("shop", "web-a.1", "Pod", "web-a", "BackOff", "Back-off restarting failed container", "Warning", "spec.containers{app}");
        cluster.Event("shop", "web-b.1", "Pod", "web-b", "Pulled", "Container image pulled");
        cluster.Event("shop", "api.1", "Deployment", "api", "ScalingReplicaSet", "Scaled up");
        return cluster;
    }

    [Theory]
    [InlineData("app=web", "web-a,web-b")]
    [InlineData("app==web", "web-a,web-b")]
    [InlineData("app!=web", "api-a,job-a")]
    [InlineData("tier in (front,back)", "api-a,web-a")]
    [InlineData("tier notin (front,back)", "job-a,web-b")]
    [InlineData("canary", "web-b")]
    [InlineData("!canary", "api-a,job-a,web-a")]
    [InlineData("app=web,tier!=edge", "web-a")]
    [InlineData("app in (web, api), !batch", "api-a,web-a,web-b")]
    [InlineData("", "api-a,job-a,web-a,web-b")]
    public async Task List_LabelSelector_SelectsLikeTheApiServer(string selector, string expected)
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, list) = await api.GetAsync("/api/v1/namespaces/shop/pods?labelSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, Names(list));
    }

    [Theory]
    [InlineData("app in (web", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("app=web,", "found '', expected: identifier after ','")]
    [InlineData("-bad=x", "unable to parse requirement: invalid label key \"-bad\"")]
    [InlineData("app in web", "unable to parse requirement: found 'web' expected: '('")]
    [InlineData("app=(x)", "unable to parse requirement: found '(', expected: identifier")]
    public async Task List_MalformedLabelSelector_Answers400StatusWithParserMessage(string selector, string message)
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/api/v1/namespaces/shop/pods?labelSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal(400, body["code"]!.GetValue<int>());
        Assert.StartsWith(message, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/shop/pods", "metadata.name=web-a", "web-a")]
    [InlineData("/api/v1/namespaces/shop/pods", "metadata.name!=web-a,metadata.name!=web-b", "api-a,job-a")]
    [InlineData("/api/v1/pods", "metadata.namespace==ops", "web-c")]
    [InlineData("/api/v1/namespaces/shop/pods", "spec.nodeName=node-2", "job-a,web-b")]
    [InlineData("/api/v1/namespaces/shop/pods", "status.phase!=Running", "api-a,job-a")]
    [InlineData("/api/v1/namespaces/shop/pods", "status.phase=Running,spec.nodeName=node-1", "web-a")]
    [InlineData("/api/v1/namespaces/shop/events", "involvedObject.name=web-a", "web-a.1")]
    [InlineData("/api/v1/namespaces/shop/events", "involvedObject.kind=Pod,involvedObject.namespace=shop", "web-a.1,web-b.1")]
    [InlineData("/api/v1/namespaces/shop/events", "involvedObject.uid=uid-pod-shop-web-b", "web-b.1")]
    [InlineData("/api/v1/namespaces/shop/events", "involvedObject.fieldPath=spec.containers{app}", "web-a.1")]
    [InlineData("/api/v1/namespaces/shop/events", "reason=ScalingReplicaSet", "api.1")]
    [InlineData("/api/v1/namespaces/shop/events", "type=Warning", "web-a.1")]
    [InlineData("/api/v1/namespaces/shop/events", "type!=Warning", "api.1,web-b.1")]
    public async Task List_FieldSelector_SelectsSupportedFields(string path, string selector, string expected)
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, list) = await api.GetAsync(path + "?fieldSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, Names(list));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/shop/pods", "status.qosClass=BestEffort", "field label not supported: status.qosClass")]
    [InlineData("/api/v1/namespaces/shop/events", "spec.nodeName=node-1", "field label not supported: spec.nodeName")]
    [InlineData("/apis/apps/v1/deployments", "spec.replicas=1", "field label not supported: spec.replicas")]
    [InlineData("/api/v1/namespaces/shop/pods", "metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    public async Task List_UnsupportedOrMalformedFieldSelector_Answers400WithApiServerMessage(string path, string selector, string message)
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync(path + "?fieldSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, body!["message"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_LabelAndFieldSelectorTogether_BothApply()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, list) = await api.GetAsync("/api/v1/pods?labelSelector=app%3Dweb&fieldSelector=metadata.namespace%3Dshop,spec.nodeName%3Dnode-1");

        Assert.Equal("web-a", Names(list));
    }

    private static string Names(JsonNode? list) =>
        string.Join(",", list!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
}
