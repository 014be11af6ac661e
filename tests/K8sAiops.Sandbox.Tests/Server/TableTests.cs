using System.Net;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Tests.Server;

public sealed class TableTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task ListPods_AcceptTable_AnswersPodColumnsAndRowsWithMetadata()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "ok", podIp: "10.244.1.5");
        cluster.Pod("shop", "crashing", restarts: 4, waitingReason: "CrashLoopBackOff", podIp: "10.244.0.3");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (status, table) = await api.GetAsync("/api/v1/namespaces/shop/pods", TableAccept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Table", table!["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var rows = table["rows"]!.AsArray();
        Assert.Equal("""["crashing","0/1","CrashLoopBackOff","4 (35m ago)","60m","10.244.0.3","node-1","<none>","<none>"]""", Cells(rows[0]));
        Assert.Equal("""["ok","1/1","Running","0","60m","10.244.1.5","node-1","<none>","<none>"]""", Cells(rows[1]));
        Assert.Equal("PartialObjectMetadata", rows[0]!["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("shop", rows[0]!["object"]!["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetConfigMap_AcceptTable_AnswersGenericNameAndAge()
    {
        var cluster = new TestCluster();
        cluster.Snapshot.Objects.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop","creationTimestamp":"2025-05-30T12:00:00Z"}}""")!.AsObject());
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (_, table) = await api.GetAsync("/api/v1/namespaces/shop/configmaps/cfg", TableAccept);

        Assert.Equal(["Name", "Age"], table!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""["cfg","2d"]""", Cells(table["rows"]![0]));
    }

    [Fact]
    public async Task ListPods_PlainAccept_AnswersPodList()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Pod("shop", "ok");
        var (server, api, _) = await SandboxFactory.StartAsync(cluster);
        await using var _s = server;
        using var _a = api;

        var (_, list) = await api.GetAsync("/api/v1/namespaces/shop/pods", "application/json");

        Assert.Equal("PodList", list!["kind"]!.GetValue<string>());
    }

    private static string Cells(JsonNode? row) =>
        "[" + string.Join(",", row!["cells"]!.AsArray().Select(c => c!.GetValueKind() == System.Text.Json.JsonValueKind.String ? "\"" + c.GetValue<string>() + "\"" : c.ToJsonString())) + "]";

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(100 * 86400, "100d")]
    [InlineData(3 * 365 * 86400, "3y")]
    public void HumanDuration_Format_MatchesKubectlAge(int seconds, string expected) =>
        Assert.Equal(expected, K8sAiops.Sandbox.Server.Tables.HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
}
