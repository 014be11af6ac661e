using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class WatchTests
{
    [Fact]
    public async Task Watch_FromNow_SendsCurrentObjectsAsAddedThenChanges()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "a");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync(new Uri("/api/v1/namespaces/shop/pods?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        var added = await NextAsync(events);
        await api.PatchAsync("/api/v1/namespaces/shop/pods/a", "application/merge-patch+json", """{"metadata":{"labels":{"x":"y"}}}""");
        var modified = await NextAsync(events);
        await api.DeleteAsync("/api/v1/namespaces/shop/pods/a");
        var deleted = await NextAsync(events);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("ADDED", "a"), added);
        Assert.Equal(("MODIFIED", "a"), modified);
        Assert.Equal(("DELETED", "a"), deleted);
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterChangesOnly()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "a");
        cluster.Pod("shop", "b");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;
        var from = server.ResourceVersion;
        await api.DeleteAsync("/api/v1/namespaces/shop/pods/b");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri($"/api/v1/namespaces/shop/pods?watch=1&resourceVersion={from}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(("DELETED", "b"), await NextAsync(events));
    }

    [Fact]
    public async Task Watch_LabelSelector_ReportsObjectsThatStopMatchingAsDeleted()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "a", new Dictionary<string, string> { ["app"] = "web" });
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync(new Uri("/api/v1/pods?watch=true&labelSelector=app%3Dweb", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        var added = await NextAsync(events);
        await api.PatchAsync("/api/v1/namespaces/shop/pods/a", "application/merge-patch+json", """{"metadata":{"labels":{"app":"api"}}}""");

        Assert.Equal(("ADDED", "a"), added);
        Assert.Equal(("DELETED", "a"), await NextAsync(events));
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStreamOnTheServersClock()
    {
        var (server, api, clock) = await SandboxFactory.StartAsync(new TestCluster());
        await using var _s = server;
        using var _a = api;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync(new Uri("/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=5", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Null(await events.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<(string Type, string Name)> NextAsync(StreamReader events)
    {
        var line = await events.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var e = JsonNode.Parse(line!)!;
        return (e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]!.GetValue<string>());
    }
}
