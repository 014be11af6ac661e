using System.Net;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class StatusErrorTests
{
    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "web-1");
        cluster.Deployment("shop", "api", 2);
        return cluster;
    }

    [Fact]
    public async Task Get_MissingPod_Answers404StatusExactlyAsTheApiServer()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, text) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/x");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}""",
            text);
    }

    [Fact]
    public async Task Get_MissingDeployment_NamesTheGroupInMessageAndDetails()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, body) = await api.GetAsync("/apis/apps/v1/namespaces/shop/deployments/nope");

        Assert.Equal("deployments.apps \"nope\" not found", body!["message"]!.GetValue<string>());
        Assert.Equal("""{"name":"nope","group":"apps","kind":"deployments"}""", body["details"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_UnknownResource_Answers404()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/api/v1/namespaces/shop/widgets");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("the server could not find the requested resource", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ExistingPod_Answers409AlreadyExists()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, text) = await api.SendTextAsync(HttpMethod.Post, "/api/v1/namespaces/shop/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"web-1\" already exists","reason":"AlreadyExists","details":{"name":"web-1","kind":"pods"},"code":409}""",
            text);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Answers409Conflict()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var (_, pod) = await api.GetAsync("/api/v1/namespaces/shop/pods/web-1");
        pod!["metadata"]!["resourceVersion"] = "1";

        var (status, body) = await api.PutAsync("/api/v1/namespaces/shop/pods/web-1", pod.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body!["reason"]!.GetValue<string>());
        Assert.Equal(
            "Operation cannot be fulfilled on pods \"web-1\": the object has been modified; please apply your changes to the latest version and try again",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_NegativeReplicas_Answers422InvalidWithFieldCause()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;

        var (status, body) = await api.SendTextAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/shop/deployments/api", """{"spec":{"replicas":-1}}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Deployment.apps \"api\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0","reason":"Invalid","details":{"name":"api","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]},"code":422}""",
            body);
        Assert.Equal(before, server.ResourceVersion);
    }

    [Fact]
    public async Task Patch_UnsupportedContentType_Answers415()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PatchAsync("/api/v1/namespaces/shop/pods/web-1", "application/json", "{}");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UnsupportedMediaType", body!["reason"]!.GetValue<string>());
        Assert.StartsWith("the body of the request was in an unknown format - accepted media types include: application/json-patch+json", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_NameMismatch_Answers400LikeTheApiServer()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;
        var (_, pod) = await api.GetAsync("/api/v1/namespaces/shop/pods/web-1");
        pod!["metadata"]!["name"] = "web-2";

        var (status, body) = await api.PutAsync("/api/v1/namespaces/shop/pods/web-1", pod.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the name of the object (web-2) does not match the name on the URL (web-1)", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_InMissingNamespace_Answers404ForTheNamespace()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PostAsync("/api/v1/namespaces/ghost/configmaps", """{"metadata":{"name":"c"},"data":{"k":"v"}}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("namespaces \"ghost\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteCollection_Answers405MethodNotAllowed()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.DeleteAsync("/api/v1/namespaces/shop/pods");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("MethodNotAllowed", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_OfARunningPodsResources_Answers422ForbiddenLikePodValidation()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PatchAsync("/api/v1/namespaces/shop/pods/web-1", "application/strategic-merge-patch+json",
            """{"spec":{"containers":[{"name":"app","resources":{"limits":{"memory":"1Gi"}}}]}}""");
        var (imageStatus, _) = await api.PatchAsync("/api/v1/namespaces/shop/pods/web-1", "application/strategic-merge-patch+json",
            """{"spec":{"containers":[{"name":"app","image":"registry.local/app:2.0"}]}}""");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.StartsWith("Pod \"web-1\" is invalid: spec: Forbidden: pod updates may not change fields other than", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, imageStatus);
    }

    [Fact]
    public async Task Create_ProtobufBody_Answers415AcceptingJson()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.SendTextAsync(HttpMethod.Post, "/api/v1/namespaces/shop/configmaps", "k8s\0", "application/vnd.kubernetes.protobuf");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("accepted media types include: application/json", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadJson_Answers400()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.PostAsync("/api/v1/namespaces/shop/configmaps", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
    }
}
