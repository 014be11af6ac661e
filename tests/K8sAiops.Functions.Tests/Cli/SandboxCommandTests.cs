using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Functions.Cli;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Testing;

namespace K8sAiops.Functions.Tests.Cli;

public sealed class SandboxCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "k8saiops-sandbox-cli", Guid.NewGuid().ToString("N"));

    public SandboxCommandTests() => Directory.CreateDirectory(folder);

    [Fact]
    public async Task Sandbox_MissingSnapshot_Exits2SayingWhy()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await K8sAiopsCommandLine.InvokeAsync(["sandbox", "--snapshot", Path.Combine(folder, "nothing-here")], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("No cluster snapshot at", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_MalformedSnapshot_Exits2WithTheReadersMessage()
    {
        var dump = Path.Combine(folder, "cluster-info.dump");
        await File.WriteAllTextAsync(dump, "{ this is not what kubectl prints");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await K8sAiopsCommandLine.InvokeAsync(["sandbox", "--snapshot", dump], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains(dump, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_NoSnapshotOption_FailsParsing()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await K8sAiopsCommandLine.InvokeAsync(["sandbox"], output, error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--snapshot", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_GoodSnapshot_ServesItWritesKubeconfigAndStopsOnCancel()
    {
        var snapshotDir = Path.Combine(folder, "dump");
        SnapshotWriter.WriteDirectory(Snapshot(), snapshotDir);
        var kubeconfig = Path.Combine(folder, "out", "kubeconfig");
        var port = Azurite.FreePort();
        using var buffer = new StringWriter();
        var output = TextWriter.Synchronized(buffer);
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var serving = K8sAiopsCommandLine.InvokeAsync(
            ["sandbox", "--snapshot", snapshotDir, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kubeconfig", kubeconfig],
            output, error, stop.Token);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Printed().Contains("Press Ctrl+C", StringComparison.Ordinal) && !serving.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var printed = Printed();
            Assert.True(printed.Contains("Press Ctrl+C", StringComparison.Ordinal), printed + error);
            Assert.Contains($"API server: http://127.0.0.1:{port}", printed, StringComparison.Ordinal);
            Assert.Contains($"kubectl --kubeconfig {kubeconfig} get pods -A", printed, StringComparison.Ordinal);
            Assert.Contains($"server: \"http://127.0.0.1:{port}\"", await File.ReadAllTextAsync(kubeconfig), StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var response = await http.GetAsync(new Uri("/api/v1/namespaces/shop/pods/web-1", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pod = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("web-1", pod["metadata"]!["name"]!.GetValue<string>());
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));

        // The synchronized writer locks on itself; reading under the same lock sees whole lines.
        string Printed()
        {
            lock (output)
            {
                return buffer.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static ClusterSnapshot Snapshot()
    {
        var snapshot = new ClusterSnapshot { Source = "test" };
        snapshot.Objects.Add(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},"status":{"conditions":[{"type":"Ready","status":"True"}]}}
            """)!.AsObject());
        snapshot.Objects.Add(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},
             "spec":{"nodeName":"node-1","containers":[{"name":"web","image":"nginx:1.27"}]},"status":{"phase":"Running"}}
            """)!.AsObject());
        snapshot.Logs[new ContainerLogKey("shop", "web-1", "web", false)] = "hello\n";
        return snapshot;
    }
}
