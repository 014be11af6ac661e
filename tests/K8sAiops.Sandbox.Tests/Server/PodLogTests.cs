using System.Net;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class PodLogTests
{
    private const string Timed =
        "2025-06-01T11:50:00.000000001Z starting\n"
        + "2025-06-01T11:58:00.5Z connected to db\n"
        + "  continuation of the line above\n"
        + "2025-06-01T11:59:30Z ready\n";

    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "solo", restarts: 2);
        cluster.Pod("shop", "duo", containers: ["app", "proxy"]);
        cluster.Pod("shop", "waiting", waitingReason: "ContainerCreating");
        cluster.Log("shop", "solo", "app", Timed)
            .Log("shop", "solo", "app", "panic: out of memory\n", previous: true)
            .Log("shop", "duo", "app", "app line 1\napp line 2\napp line 3\n")
            .Log("shop", "duo", "proxy", "proxy line\n");
        return cluster;
    }

    [Fact]
    public async Task Log_SingleContainer_StripsLeadingTimestamps()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, text) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/solo/log");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("starting\nconnected to db\n  continuation of the line above\nready\n", text);
    }

    [Fact]
    public async Task Log_TimestampsTrue_PrefixesEachLineWithItsTime()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, text) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/solo/log?timestamps=true");

        Assert.Equal(
            "2025-06-01T11:50:00.000000001Z starting\n2025-06-01T11:58:00.5Z connected to db\n2025-06-01T11:58:00.500000000Z   continuation of the line above\n2025-06-01T11:59:30Z ready\n",
            text);
    }

    [Fact]
    public async Task Log_SinceSeconds_KeepsLinesDatedWithinTheWindow()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, text) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/solo/log?sinceSeconds=180");

        Assert.Equal("connected to db\n  continuation of the line above\nready\n", text);
    }

    [Fact]
    public async Task Log_TailLinesAndLimitBytes_ApplyInKubeletOrder()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, tail) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/duo/log?container=app&tailLines=2");
        var (_, limited) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/duo/log?container=app&tailLines=2&limitBytes=6");

        Assert.Equal("app line 2\napp line 3\n", tail);
        Assert.Equal("app li", limited);
    }

    [Fact]
    public async Task Log_UntimedLines_AreDatedByContainerStart()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (_, stamped) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/duo/log?container=proxy&timestamps=true");
        var (_, recent) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/duo/log?container=proxy&sinceSeconds=60");

        Assert.Equal("2025-06-01T11:30:00.000000000Z proxy line\n", stamped);
        Assert.Equal("", recent);
    }

    [Fact]
    public async Task Log_Previous_ServesThePreviousInstance()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, text) = await api.GetTextAsync("/api/v1/namespaces/shop/pods/solo/log?previous=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("panic: out of memory\n", text);
    }

    [Fact]
    public async Task Log_MissingPrevious_Answers400LikeTheKubelet()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/api/v1/namespaces/shop/pods/duo/log?container=proxy&previous=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("previous terminated container \"proxy\" in pod \"duo\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_SeveralContainersWithoutContainer_Answers400NamingThem()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (status, body) = await api.GetAsync("/api/v1/namespaces/shop/pods/duo/log");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("a container name must be specified for pod duo, choose one of: [app proxy]", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_UnknownContainerOrPod_Answers400Or404()
    {
        var (server, api, _) = await SandboxFactory.StartAsync(Cluster());
        await using var _s = server;
        using var _a = api;

        var (badContainer, body) = await api.GetAsync("/api/v1/namespaces/shop/pods/duo/log?container=nope");
        var (missingPod, _) = await api.GetAsync("/api/v1/namespaces/shop/pods/ghost/log");
        var (waiting, waitingBody) = await api.GetAsync("/api/v1/namespaces/shop/pods/waiting/log");

        Assert.Equal(HttpStatusCode.BadRequest, badContainer);
        Assert.Equal("container nope is not valid for pod duo", body!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missingPod);
        Assert.Equal(HttpStatusCode.BadRequest, waiting);
        Assert.Equal("container \"app\" in pod \"waiting\" is waiting to start: ContainerCreating", waitingBody!["message"]!.GetValue<string>());
    }
}
