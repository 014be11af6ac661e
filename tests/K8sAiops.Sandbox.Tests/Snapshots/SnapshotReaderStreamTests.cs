using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Testing;

namespace K8sAiops.Sandbox.Tests.Snapshots;

public sealed class SnapshotReaderStreamTests
{
    private static readonly string KubectlDump = Path.Combine(RepoPaths.Root, "tests", "K8sAiops.Sandbox.Tests", "Fixtures", "cluster-info.dump");

    [Fact]
    public void Read_KubectlDumpStream_SplitsListsIntoObjects()
    {
        var snapshot = SnapshotReader.Read(KubectlDump);

        var kinds = snapshot.Objects.Select(o => (string?)o["kind"]).Order(StringComparer.Ordinal);
        Assert.Equal(["Deployment", "Event", "Node", "Pod", "ReplicaSet", "Service"], kinds);
        Assert.All(snapshot.Objects, o => Assert.NotNull((string?)o["apiVersion"]));
        var deployment = Assert.Single(snapshot.Objects, o => (string?)o["kind"] == "Deployment");
        Assert.Equal("apps/v1", (string?)deployment["apiVersion"]);
        Assert.Equal(KubectlDump, snapshot.Source);
    }

    [Fact]
    public void Read_KubectlDumpStream_SplitsLogSections()
    {
        var snapshot = SnapshotReader.Read(KubectlDump);

        var (key, log) = Assert.Single(snapshot.Logs);
        Assert.Equal(new ContainerLogKey("shop", "cart-7d9f8b6c5d-x2x9q", "cart", false), key);
        Assert.Equal("2024-05-20T09:41:07.312Z INFO  starting cart version=1.4.2\n2024-05-20T09:41:07.420Z INFO  listening on 0.0.0.0:8080\n", log);
    }

    [Fact]
    public void Read_StreamWithPreviousLogSections_MarksThemPrevious()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", """
            {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": [{"metadata": {"name": "p", "namespace": "shop"}}]}
            ==== START logs for container app of pod shop/p ====
            now
            ==== END logs for container app of pod shop/p ====
            ==== START previous logs for container app of pod shop/p ====
            before
            ==== END previous logs for container app of pod shop/p ====

            """);

        var snapshot = SnapshotReader.Read(file);

        Assert.Equal("now\n", snapshot.Logs[new("shop", "p", "app", false)]);
        Assert.Equal("before\n", snapshot.Logs[new("shop", "p", "app", true)]);
    }

    [Fact]
    public void Read_StreamItemWithoutNamespace_ThrowsNamingListLine()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", """
            {"kind": "NodeList", "apiVersion": "v1", "metadata": {}, "items": []}
            {"kind": "PodList", "apiVersion": "v1", "metadata": {},
             "items": [{"metadata": {"name": "p"}}]}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal(2, e.Line);
        Assert.Equal("$.items[0].metadata.namespace", e.JsonPath);
        Assert.Contains("List starting at line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamTruncatedInSecondList_ThrowsWithFileLine()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump",
            "{\"kind\": \"NodeList\", \"apiVersion\": \"v1\", \"items\": []}\n{\n    \"kind\": \"PodList\",\n    \"items\": [\n");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal(file, e.File);
        Assert.True(e.Line >= 4, $"line {e.Line}");
        Assert.Contains("invalid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamListCutByLogSection_ThrowsAtTheMarker()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump",
            "{\"kind\": \"PodList\",\n \"items\": [\n==== START logs for container a of pod s/p ====\n");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal(3, e.Line);
        Assert.Equal(1, e.Column);
    }

    [Fact]
    public void Read_StreamUnterminatedLogSection_Throws()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", """
            {"kind": "NodeList", "apiVersion": "v1", "metadata": {}, "items": []}
            ==== START logs for container app of pod shop/p ====
            a line
            {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": []}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal(2, e.Line);
        Assert.Contains("==== END logs for container app of pod shop/p ====", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamEndMarkerWithoutStart_Throws()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", "==== END logs for container app of pod shop/p ====\n");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Contains("never started", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamWithStrayText_ThrowsWithPosition()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", "{\"kind\": \"NodeList\", \"apiVersion\": \"v1\", \"items\": []}\n  Cluster info dumped to /tmp/x\n");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal(2, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("Cluster info dumped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamListOfKindTheSandboxDoesNotServe_IsSkipped()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", """
            {"kind": "CustomResourceDefinitionList", "apiVersion": "apiextensions.k8s.io/v1", "items": [{"metadata": {"name": "x"}}]}
            {"kind": "ServiceList", "apiVersion": "v1", "items": [{"metadata": {"name": "web", "namespace": "shop"}}]}
            """);

        var snapshot = SnapshotReader.Read(file);

        Assert.Equal("Service", (string?)Assert.Single(snapshot.Objects)["kind"]);
    }

    [Fact]
    public void Read_StreamTypedListInUnservedVersion_ThrowsNamingListApiVersion()
    {
        using var dir = new TempDirectory();
        var file = dir.File("cluster-info.dump", """
            {"kind": "DeploymentList", "apiVersion": "extensions/v1beta1", "items": [{"metadata": {"name": "web", "namespace": "shop"}}]}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(file));

        Assert.Equal("$.apiVersion", e.JsonPath);
        Assert.Contains("apps/v1", e.Message, StringComparison.Ordinal);
    }
}
