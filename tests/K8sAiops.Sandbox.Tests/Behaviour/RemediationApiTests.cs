using System.Net;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Tests.Server;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>The API behaviours remediations and their verification rely on, and what the request journal records of them.</summary>
public sealed class RemediationApiTests
{
    private const string Strategic = "application/strategic-merge-patch+json";
    private const string Deployment = "/apis/apps/v1/namespaces/shop/deployments/api";

    [Fact]
    public async Task StrategicPatch_DryRunAll_ReturnsTheWouldBeObjectAndStoresNothing()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);
        var revision = sandbox.Server.ResourceVersion;

        var (status, body) = await sandbox.Api.PatchAsync(Deployment + "?dryRun=All", Strategic,
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:9.9"}]}}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("registry.local/app:9.9", body!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(revision, sandbox.Server.ResourceVersion);
        Assert.Equal("registry.local/app:1.0", sandbox.Deployment("shop", "api")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Single(sandbox.Server.ListObjects(ResourceKinds.ReplicaSet, "shop"));
        var request = sandbox.Server.Requests.Snapshot().Last();
        Assert.Equal(("patch", "deployments", "apps", "shop", "api", true), (request.Verb, request.Resource, request.ApiGroup, request.Namespace, request.Name, request.DryRun));
    }

    [Fact]
    public async Task StrategicPatch_WithResourceVersion_StaleIsConflictCurrentIsApplied()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);
        var current = sandbox.Deployment("shop", "api")["metadata"]!["resourceVersion"]!.GetValue<string>();
        await sandbox.PatchDeploymentAsync("shop", "api", """{"metadata":{"labels":{"touched":"yes"}}}""");

        var (stale, staleBody) = await sandbox.Api.PatchAsync(Deployment, Strategic, $$$"""{"metadata":{"resourceVersion":"{{{current}}}"},"spec":{"replicas":5}}""");
        var now = sandbox.Deployment("shop", "api")["metadata"]!["resourceVersion"]!.GetValue<string>();
        var (fresh, freshBody) = await sandbox.Api.PatchAsync(Deployment, Strategic, $$$"""{"metadata":{"resourceVersion":"{{{now}}}"},"spec":{"replicas":5}}""");

        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal("Conflict", staleBody!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, fresh);
        Assert.Equal(5, freshBody!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(5, sandbox.Pods("shop", "api").Count);
    }

    [Fact]
    public async Task DeletePod_PreconditionsMismatch_Conflict_MatchingDeletes()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);
        var pod = sandbox.Pods("shop", "api")[0];
        var (name, uid, rv) = (pod["metadata"]!["name"]!.GetValue<string>(), pod["metadata"]!["uid"]!.GetValue<string>(), pod["metadata"]!["resourceVersion"]!.GetValue<string>());
        var path = "/api/v1/namespaces/shop/pods/" + name;

        var (wrongUid, wrongUidBody) = await sandbox.Api.DeleteAsync(path, """{"preconditions":{"uid":"someone-else"}}""");
        var (wrongRv, _) = await sandbox.Api.DeleteAsync(path, $$$"""{"preconditions":{"uid":"{{{uid}}}","resourceVersion":"1"}}""");
        var (matching, _) = await sandbox.Api.DeleteAsync(path, $$$"""{"preconditions":{"uid":"{{{uid}}}","resourceVersion":"{{{rv}}}"}}""");

        Assert.Equal(HttpStatusCode.Conflict, wrongUid);
        Assert.StartsWith("Operation cannot be fulfilled on pods \"" + name + "\": Precondition failed: UID in precondition: someone-else", wrongUidBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, wrongRv);
        Assert.Equal(HttpStatusCode.OK, matching);
        Assert.Null(sandbox.Server.GetObject(ResourceKinds.Pod, "shop", name));
        var request = sandbox.Server.Requests.Snapshot().Last();
        Assert.Equal(("delete", "pods", "", "shop", name, false), (request.Verb, request.Resource, request.ApiGroup, request.Namespace, request.Name, request.DryRun));
    }

    [Fact]
    public async Task CordonNode_NewPodsGoElsewhere_AndScaleSubresourcePatchAddsPods()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);

        var (cordon, node) = await sandbox.Api.PatchAsync("/api/v1/nodes/node-2", Strategic, """{"spec":{"unschedulable":true}}""");
        var (scale, scaled) = await sandbox.Api.PatchAsync(Deployment + "/scale", "application/merge-patch+json", """{"spec":{"replicas":5}}""");

        Assert.Equal(HttpStatusCode.OK, cordon);
        Assert.True(node!["spec"]!["unschedulable"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, scale);
        Assert.Equal(5, scaled!["spec"]!["replicas"]!.GetValue<int>());
        var added = sandbox.NewPods("shop", "api", TestCluster.Now);
        Assert.Equal(3, added.Count);
        Assert.All(added, pod => Assert.Equal("node-1", pod["spec"]!["nodeName"]!.GetValue<string>()));
        var requests = sandbox.Server.Requests.Snapshot();
        Assert.Equal(("patch", "nodes", "", null, "node-2"), (requests[0].Verb, requests[0].Resource, requests[0].ApiGroup, requests[0].Namespace, requests[0].Name));
        Assert.Equal(("patch", "deployments/scale", "apps", "shop", "api"), (requests[1].Verb, requests[1].Resource, requests[1].ApiGroup, requests[1].Namespace, requests[1].Name));
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/shop/pods", "list", "pods", "", "shop", null)]
    [InlineData("GET", "/api/v1/namespaces/shop/pods/x/log", "get", "pods/log", "", "shop", "x")]
    [InlineData("GET", "/api/v1/namespaces/shop", "get", "namespaces", "", "shop", "shop")]
    [InlineData("POST", "/api/v1/namespaces/shop/configmaps", "create", "configmaps", "", "shop", null)]
    [InlineData("PUT", "/apis/apps/v1/namespaces/shop/deployments/api", "update", "deployments", "apps", "shop", "api")]
    [InlineData("GET", "/version", "get", null, null, null, null)]
    public async Task Journal_RecordsTheAuthorizerAttributes(string method, string path, string verb, string? resource, string? group, string? ns, string? name)
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);

        await sandbox.Api.SendTextAsync(new HttpMethod(method), path, method is "POST" or "PUT" ? "{}" : null);

        var request = Assert.Single(sandbox.Server.Requests.Snapshot());
        Assert.Equal((verb, resource, group, ns, name, false), (request.Verb, request.Resource, request.ApiGroup, request.Namespace, request.Name, request.DryRun));
        Assert.Equal(resource is not null, request.IsResourceRequest);
    }

    [Fact]
    public async Task Journal_Watch_IsRecordedAsWatch()
    {
        await using var sandbox = await Remediation.StartAsync(Clusters.Api().Snapshot);
        using var http = new HttpClient { BaseAddress = sandbox.Server.BaseAddress };

        using (var response = await http.GetAsync(new Uri("/apis/apps/v1/namespaces/shop/deployments?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var request = Assert.Single(sandbox.Server.Requests.Snapshot());
        Assert.Equal(("watch", "deployments", "apps", "shop", null), (request.Verb, request.Resource, request.ApiGroup, request.Namespace, request.Name));
    }
}
