using System.Net;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class PagingTests
{
    private static TestCluster Pods(int count, int namespaces = 5)
    {
        var cluster = new TestCluster().Node("node-1");
        for (var i = 0; i < count; i++)
        {
            cluster.Pod($"ns-{i % namespaces}", $"pod-{i:D5}", new Dictionary<string, string> { ["app"] = i % 2 == 0 ? "even" : "odd" });
        }

        return cluster;
    }

    [Fact]
    public async Task List_5000PodsInPagesOf500_ReturnsEveryPodOnceInNamespaceThenNameOrder()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(5000));
        await using var _s = server;
        using var _a = api;

        var names = new List<string>();
        var pages = 0;
        string? token = null;
        string? listVersion = null;
        do
        {
            var path = "/api/v1/pods?limit=500" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var (status, page) = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            pages++;
            var items = page!["items"]!.AsArray();
            Assert.Equal(500, items.Count);
            names.AddRange(items.Select(i => i!["metadata"]!["namespace"]!.GetValue<string>() + "/" + i["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            var remaining = page["metadata"]!["remainingItemCount"]?.GetValue<long>();
            Assert.Equal(token is null ? null : 5000 - (pages * 500), remaining);
            listVersion ??= page["metadata"]!["resourceVersion"]!.GetValue<string>();
            Assert.Equal(listVersion, page["metadata"]!["resourceVersion"]!.GetValue<string>());
        }
        while (token is not null);

        Assert.Equal(10, pages);
        Assert.Equal(5000, names.Distinct().Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(10, server.Requests.Snapshot().Count(r => r.Path == "/api/v1/pods"));
    }

    [Fact]
    public async Task List_PagedWithLabelSelector_PagesOverMatchesWithoutRemainingCount()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(1200));
        await using var _s = server;
        using var _a = api;

        var names = new List<string>();
        string? token = null;
        do
        {
            var (_, page) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?labelSelector=app%3Deven&limit=50" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            names.AddRange(page!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            Assert.Null(page["metadata"]!["remainingItemCount"]);
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(120, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task Continue_AfterAChange_StillPagesThroughTheFirstPagesRevision()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(10, namespaces: 1));
        await using var _s = server;
        using var _a = api;

        var (_, first) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?limit=5");
        await api.DeleteAsync("/api/v1/namespaces/ns-0/pods/pod-00008");
        var token = first!["metadata"]!["continue"]!.GetValue<string>();
        var (_, second) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?limit=5&continue=" + Uri.EscapeDataString(token));

        Assert.Contains(second!["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() == "pod-00008");
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Continue_InvalidToken_Answers400ContinueKeyNotValid()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(3));
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/api/v1/pods?limit=1&continue=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("invalid continue token: continue key is not valid", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_TokenOlderThanHistory_Answers410ExpiredWithInconsistentToken()
    {
        var (server, api, clock) = await SandboxFactory.StartAsync(Pods(6, namespaces: 1));
        await using var _s = server;
        using var _a = api;
        var (_, first) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?limit=2");

        clock.Advance(TimeSpan.FromMinutes(6));
        await api.DeleteAsync("/api/v1/namespaces/ns-0/pods/pod-00005");
        var (status, body) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?limit=2&continue=" + Uri.EscapeDataString(first!["metadata"]!["continue"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("Expired", body!["reason"]!.GetValue<string>());
        Assert.StartsWith("The provided continue parameter is too old", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var inconsistent = body["metadata"]!["continue"]!.GetValue<string>();
        var (resumed, rest) = await api.GetAsync("/api/v1/namespaces/ns-0/pods?continue=" + Uri.EscapeDataString(inconsistent));
        Assert.Equal(HttpStatusCode.OK, resumed);
        Assert.Equal(["pod-00002", "pod-00003", "pod-00004"], rest!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_ResourceVersionNewerThanStore_Answers504TooLarge()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(2));
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync($"/api/v1/pods?resourceVersion={server.ResourceVersion + 100}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Contains("Too large resource version", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ExactResourceVersion_ServesThatRevision()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Pods(3, namespaces: 1));
        await using var _s = server;
        using var _a = api;
        var before = server.ResourceVersion;
        await api.DeleteAsync("/api/v1/namespaces/ns-0/pods/pod-00000");

        var (_, exact) = await api.GetAsync($"/api/v1/namespaces/ns-0/pods?resourceVersion={before}&resourceVersionMatch=Exact");
        var (_, latest) = await api.GetAsync($"/api/v1/namespaces/ns-0/pods?resourceVersion={before}");

        Assert.Equal(3, exact!["items"]!.AsArray().Count);
        Assert.Equal(before.ToString(System.Globalization.CultureInfo.InvariantCulture), exact["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(2, latest!["items"]!.AsArray().Count);
    }
}
