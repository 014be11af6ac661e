using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Tests.Server;

namespace K8sAiops.Sandbox.Tests.Kubectl;

/// <summary>Stock kubectl against the sandbox: every command runs with every kubectl found (<see cref="KubectlBinaries"/>).</summary>
public sealed class KubectlTests
{
    private static TestCluster Cluster()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2", ip: "10.0.0.2");
        cluster.Deployment("shop", "web", 3);
        cluster.Pod("shop", "crash-1", new Dictionary<string, string> { ["app"] = "worker" }, restarts: 3, waitingReason: "CrashLoopBackOff");
        cluster.Pod("shop", "duo", new Dictionary<string, string> { ["app"] = "duo" }, containers: ["app", "proxy"]);
        cluster.Pod("ops", "tool", new Dictionary<string, string> { ["app"] = "tool" }, node: "node-2");
        cluster.Event("shop", "crash-1.17a1", "Pod", "crash-1", "BackOff", "Back-off restarting failed container app in pod crash-1_shop", "Warning", "spec.containers{app}");
        cluster.Event("shop", "duo.17a2", "Pod", "duo", "Pulled", "Container image \"registry.local/app:1.0\" already present on machine");
        cluster.Log("shop", "crash-1", "app", "2025-06-01T11:59:00Z starting again\n")
            .Log("shop", "crash-1", "app", "2025-06-01T11:25:00Z fatal: cannot connect to database\n", previous: true)
            .Log("shop", "duo", "app", "app says hello\n")
            .Log("shop", "duo", "proxy", "proxy listening on :15001\n");
        return cluster;
    }

    public static TheoryData<string> Binaries => KubectlBinaries.All;

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task GetPods_AllNamespaces_PrintsEveryPodWithReadyStatusAndRestarts(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("get", "pods", "-A");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$", lines[0]);
        Assert.Equal(6, lines.Length - 1);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^shop\s+crash-1\s+0/1\s+CrashLoopBackOff\s+3( \(35m ago\))?\s+60m$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ops\s+tool\s+1/1\s+Running\s+0\s+60m$"));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task GetPods_WideWithLabelSelector_PrintsOnlyMatchingPodsWithIpAndNode(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("get", "pods", "-n", "shop", "-l", "app=web", "-o", "wide");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^web-5d8f7c9b4-\S+\s+1/1\s+Running\s+0\s+60m\s+10\.244\.\d+\.\d+\s+node-1\s", l));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task GetPods_OutputJson_PrintsAListOfPodObjects(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("get", "pods", "-n", "shop", "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var list = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        var names = list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(5, names.Count);
        Assert.Contains("crash-1", names);
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal("Pod", i!["kind"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task GetEvents_FieldSelectorOnInvolvedObject_PrintsOnlyThatPodsEvents(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("get", "events", "-n", "shop", "--field-selector", "involvedObject.name=crash-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Matches(@"^5m\s+Warning\s+BackOff\s+pod/crash-1\s+Back-off restarting failed container app in pod crash-1_shop$", row);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task DescribePod_PrintsSpecStatusAndItsEvents(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("describe", "pod", "crash-1", "-n", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^Name:\s+crash-1$", result.Stdout);
        Assert.Matches(@"(?m)^Namespace:\s+shop$", result.Stdout);
        Assert.Matches(@"(?m)^Node:\s+node-1", result.Stdout);
        Assert.Matches(@"(?m)^\s+Reason:\s+CrashLoopBackOff$", result.Stdout);
        Assert.Matches(@"(?m)^\s+Restart Count:\s+3$", result.Stdout);
        Assert.Matches(@"(?m)^Events:", result.Stdout);
        Assert.Matches(@"(?m)^\s+Warning\s+BackOff\s+.*Back-off restarting failed container app in pod crash-1_shop$", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Logs_Previous_PrintsThePreviousContainersLog(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("logs", "crash-1", "-n", "shop", "--previous");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("fatal: cannot connect to database\n", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Logs_ContainerFlag_PrintsThatContainersLog(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var proxy = await kubectl.RunAsync("logs", "duo", "-n", "shop", "-c", "proxy");
        var stamped = await kubectl.RunAsync("logs", "crash-1", "-n", "shop", "--timestamps");

        Assert.True(proxy.ExitCode == 0, proxy.ToString());
        Assert.Equal("proxy listening on :15001\n", proxy.Stdout);
        Assert.Equal("2025-06-01T11:59:00Z starting again\n", stamped.Stdout);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task ScaleDeployment_Replicas_ChangesTheStoreAndThePods(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("scale", "deployment", "web", "-n", "shop", "--replicas=5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment.apps/web scaled\n", result.Stdout);
        var deployment = server.GetObject(ResourceKinds.Deployment, "shop", "web")!;
        Assert.Equal(5, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(5, deployment["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(5, WebPods(server).Count);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Patch_Strategic_ChangesTheContainerImageByName(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("patch", "deployment", "web", "-n", "shop", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.local/app:2.0"}]}}}}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment.apps/web patched\n", result.Stdout);
        var container = server.GetObject(ResourceKinds.Deployment, "shop", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("registry.local/app:2.0", container["image"]!.GetValue<string>());
        Assert.Equal(8080, container["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.All(WebPods(server), p => Assert.Equal("registry.local/app:2.0", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Patch_TypeMerge_AddsALabel(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("patch", "deployment", "web", "-n", "shop", "--type", "merge", "-p", """{"metadata":{"labels":{"team":"payments"}}}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment.apps/web patched\n", result.Stdout);
        Assert.Equal("payments", server.GetObject(ResourceKinds.Deployment, "shop", "web")!["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Patch_TypeJson_ReplacesReplicasAndReconciles(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("patch", "deployment", "web", "-n", "shop", "--type", "json", "-p", """[{"op":"replace","path":"/spec/replicas","value":1}]""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("deployment.apps/web patched\n", result.Stdout);
        Assert.Single(WebPods(server));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Patch_DryRunServer_ReportsPatchedButChangesNothing(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);
        var before = server.ResourceVersion;

        var result = await kubectl.RunAsync("patch", "deployment", "web", "-n", "shop", "-p", """{"spec":{"replicas":7}}""", "--dry-run=server");

        Assert.True(result.ExitCode == 0, result.ToString());
        // kubectl 1.20 adds " (server dry run)"; 1.32 prints plain "patched" although it sends dryRun=All.
        Assert.StartsWith("deployment.apps/web patched", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, server.ResourceVersion);
        Assert.Equal(3, server.GetObject(ResourceKinds.Deployment, "shop", "web")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains(server.Requests.Snapshot(), r => r.Method == "PATCH" && r.Query.Contains("dryRun=All", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task DeletePod_OwnedByReplicaSet_ReplacementAppears(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);
        var victim = WebPods(server)[0]["metadata"]!["name"]!.GetValue<string>();

        var result = await kubectl.RunAsync("delete", "pod", victim, "-n", "shop");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"pod \"{victim}\" deleted\n", result.Stdout);
        var pods = WebPods(server);
        Assert.Equal(3, pods.Count);
        Assert.DoesNotContain(pods, p => p["metadata"]!["name"]!.GetValue<string>() == victim);
        var listed = await kubectl.RunAsync("get", "pods", "-n", "shop", "-l", "app=web", "--no-headers");
        Assert.Equal(3, listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(victim, listed.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task RolloutRestart_ThenStatus_RollsOutANewReplicaSetAndWatchesItComplete(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var restart = await kubectl.RunAsync("rollout", "restart", "deployment/web", "-n", "shop");
        var status = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "shop", "--timeout=30s");

        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.Equal("deployment.apps/web restarted\n", restart.Stdout);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("deployment \"web\" successfully rolled out", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to watch", status.Stderr, StringComparison.Ordinal);
        var sets = server.ListObjects(ResourceKinds.ReplicaSet, "shop");
        Assert.Equal(2, sets.Count);
        var current = Assert.Single(sets, s => s["spec"]!["replicas"]!.GetValue<int>() == 3);
        Assert.Equal("2", current["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.Equal(3, WebPods(server).Count(p => p["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>() == current["metadata"]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task GetMissingPod_PrintsTheServersNotFound(string binary)
    {
        await using var server = await Start();
        using var kubectl = new KubectlRunner(binary, server);

        var result = await kubectl.RunAsync("get", "pod", "ghost", "-n", "shop");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (NotFound): pods \"ghost\" not found", result.Stderr, StringComparison.Ordinal);
    }

    private static Task<SandboxServer> Start() =>
        SandboxServer.StartAsync(Cluster().Snapshot, new SandboxServerOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestCluster.Now) });

    private static List<JsonObject> WebPods(SandboxServer server) =>
        server.ListObjects(ResourceKinds.Pod, "shop").Where(p => p["metadata"]!["labels"]?["app"]?.GetValue<string>() == "web").ToList();
}
