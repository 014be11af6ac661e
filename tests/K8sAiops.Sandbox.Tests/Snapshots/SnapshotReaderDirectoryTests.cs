using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Tests.Snapshots;

public sealed class SnapshotReaderDirectoryTests
{
    private const string NodeList = """
        {
            "kind": "NodeList",
            "apiVersion": "v1",
            "metadata": {"resourceVersion": "120"},
            "items": [{"metadata": {"name": "worker-1", "uid": "n-1"}, "spec": {}, "status": {}}]
        }
        """;

    private static string PodList(params string[] names) =>
        $$"""
        {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": "120"},
         "items": [{{string.Join(",", names.Select(n => $$$"""{"metadata": {"name": "{{{n}}}"}, "spec": {"containers": [{"name": "app"}]}}"""))}}]}
        """;

    [Fact]
    public void Read_KubectlTypedLists_FillsKindApiVersionAndNamespaceFromPlace()
    {
        using var dir = new TempDirectory();
        dir.File("nodes.json", NodeList);
        dir.File("shop/pods.json", PodList("cart-1"));
        dir.File("shop/deployments.json", """
            {"kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": {}, "items": [{"metadata": {"name": "cart", "namespace": "shop"}}]}
            """);

        var snapshot = SnapshotReader.Read(dir.Path);

        var pod = Assert.Single(snapshot.Objects, o => (string?)o["kind"] == "Pod");
        Assert.Equal("v1", (string?)pod["apiVersion"]);
        Assert.Equal("shop", (string?)pod["metadata"]!["namespace"]);
        var node = Assert.Single(snapshot.Objects, o => (string?)o["kind"] == "Node");
        Assert.Equal("v1", (string?)node["apiVersion"]);
        Assert.Null(node["metadata"]!["namespace"]);
        var deployment = Assert.Single(snapshot.Objects, o => (string?)o["kind"] == "Deployment");
        Assert.Equal("apps/v1", (string?)deployment["apiVersion"]);
        Assert.Equal(dir.Path, snapshot.Source);
    }

    [Fact]
    public void Read_GenericListFromKubectlGet_KeepsItemsKinds()
    {
        using var dir = new TempDirectory();
        dir.File("shop/statefulsets.json", """
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
             "items": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "postgres", "namespace": "shop"}}]}
            """);

        var snapshot = SnapshotReader.Read(dir.Path);

        var sts = Assert.Single(snapshot.Objects);
        Assert.Equal("StatefulSet", (string?)sts["kind"]);
        Assert.Null(sts.Parent);
    }

    [Fact]
    public void Read_ReplicationControllersFile_UsesKubectlFileName()
    {
        using var dir = new TempDirectory();
        dir.File("legacy/replication-controllers.json", """
            {"kind": "ReplicationControllerList", "apiVersion": "v1", "metadata": {}, "items": [{"metadata": {"name": "old-web"}}]}
            """);

        var snapshot = SnapshotReader.Read(dir.Path);

        var rc = Assert.Single(snapshot.Objects);
        Assert.Equal("ReplicationController", (string?)rc["kind"]);
        Assert.Equal("legacy", (string?)rc["metadata"]!["namespace"]);
    }

    [Fact]
    public void Read_MissingAndEmptyFiles_AreNoObjects()
    {
        using var dir = new TempDirectory();
        dir.File("shop/events.json", """{"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": []}""");
        dir.File("shop/services.json", "");

        var snapshot = SnapshotReader.Read(dir.Path);

        Assert.Empty(snapshot.Objects);
        Assert.Empty(snapshot.Logs);
    }

    [Fact]
    public void Read_ItemsNullAsGoPrintsAnEmptySlice_IsAnEmptyList()
    {
        using var dir = new TempDirectory();
        dir.File("shop/events.json", """{"kind": "EventList", "apiVersion": "v1", "metadata": {"resourceVersion": "7"}, "items": null}""");

        Assert.Empty(SnapshotReader.Read(dir.Path).Objects);
    }

    [Fact]
    public void Read_ItemsNotAnArray_ThrowsNamingItemsPath()
    {
        using var dir = new TempDirectory();
        dir.File("shop/events.json", """{"kind": "EventList", "apiVersion": "v1", "items": "none"}""");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.items", e.JsonPath);
    }

    [Fact]
    public void Read_NamespacesFileAbsent_InventsNoNamespaceObjects()
    {
        using var dir = new TempDirectory();
        dir.File("nodes.json", NodeList);
        dir.File("shop/pods.json", PodList("cart-1"));

        var snapshot = SnapshotReader.Read(dir.Path);

        Assert.DoesNotContain(snapshot.Objects, o => (string?)o["kind"] == "Namespace");
    }

    [Fact]
    public void Read_PodLogFiles_SplitsPerContainerAndPrevious()
    {
        using var dir = new TempDirectory();
        dir.File("shop/pods.json", PodList("cart-1"));
        dir.File("shop/cart-1/logs.txt", """
            ==== START logs for container migrate of pod shop/cart-1 ====
            migrations applied
            ==== END logs for container migrate of pod shop/cart-1 ====
            ==== START logs for container app of pod shop/cart-1 ====
            line one
            line two
            ==== END logs for container app of pod shop/cart-1 ====

            """);
        dir.File("shop/cart-1/logs-previous.txt", """
            ==== START logs for container app of pod shop/cart-1 ====
            panic: boom
            ==== END logs for container app of pod shop/cart-1 ====

            """);

        var snapshot = SnapshotReader.Read(dir.Path);

        Assert.Equal("migrations applied\n", snapshot.Logs[new("shop", "cart-1", "migrate", false)]);
        Assert.Equal("line one\nline two\n", snapshot.Logs[new("shop", "cart-1", "app", false)]);
        Assert.Equal("panic: boom\n", snapshot.Logs[new("shop", "cart-1", "app", true)]);
        Assert.Equal(3, snapshot.Logs.Count);
    }

    [Fact]
    public void Read_LogWithoutFinalNewline_KeepsTextUpToEndMarker()
    {
        using var dir = new TempDirectory();
        dir.File("shop/cart-1/logs.txt",
            "==== START logs for container app of pod shop/cart-1 ====\nno newline at the end==== END logs for container app of pod shop/cart-1 ====\n");

        var snapshot = SnapshotReader.Read(dir.Path);

        Assert.Equal("no newline at the end", snapshot.Logs[new("shop", "cart-1", "app", false)]);
    }

    [Fact]
    public void Read_TruncatedJson_ThrowsWithFileLineAndColumn()
    {
        using var dir = new TempDirectory();
        var file = dir.File("shop/pods.json", "{\n  \"kind\": \"PodList\",\n  \"items\": [\n    {\"metadata\": {\"name\": \"a\"");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal(file, e.File);
        Assert.Equal(4, e.Line);
        Assert.NotNull(e.Column);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidTokenMidLine_ReportsOneBasedColumn()
    {
        using var dir = new TempDirectory();
        dir.File("nodes.json", "{\"kind\": \"NodeList\", \"items\": [}\n");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal(1, e.Line);
        Assert.Equal(32, e.Column);
    }

    [Fact]
    public void Read_PodsFileHoldingDeployments_ThrowsNamingItemKindPath()
    {
        using var dir = new TempDirectory();
        var items = Enumerable.Range(0, 3).Select(i => $$$"""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p{{{i}}}"}}""")
            .Append("""{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "cart"}}""");
        dir.File("shop/pods.json", $$"""{"apiVersion": "v1", "kind": "List", "items": [{{string.Join(",", items)}}]}""");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.items[3].kind", e.JsonPath);
        Assert.Contains("pods.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.items[3].kind", e.Message, StringComparison.Ordinal);
        Assert.Contains("Deployment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TypedListOfWrongKind_ThrowsNamingListKind()
    {
        using var dir = new TempDirectory();
        dir.File("shop/services.json", """{"kind": "PodList", "apiVersion": "v1", "items": []}""");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.kind", e.JsonPath);
        Assert.Contains("ServiceList", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeploymentInAppsV1beta1_ThrowsNamingServedApiVersion()
    {
        using var dir = new TempDirectory();
        dir.File("shop/deployments.json", """
            {"apiVersion": "v1", "kind": "List",
             "items": [{"apiVersion": "apps/v1beta1", "kind": "Deployment", "metadata": {"name": "cart"}}]}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.items[0].apiVersion", e.JsonPath);
        Assert.Contains("apps/v1beta1", e.Message, StringComparison.Ordinal);
        Assert.Contains("serves Deployment as apps/v1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ItemWithoutName_ThrowsNamingMetadataPath()
    {
        using var dir = new TempDirectory();
        dir.File("shop/services.json", """
            {"kind": "ServiceList", "apiVersion": "v1", "items": [{"metadata": {"name": "a"}}, {"metadata": {"namespace": "shop"}}]}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.items[1].metadata.name", e.JsonPath);
    }

    [Fact]
    public void Read_ObjectInAnotherNamespacesFolder_Throws()
    {
        using var dir = new TempDirectory();
        dir.File("shop/services.json", """
            {"kind": "ServiceList", "apiVersion": "v1", "items": [{"metadata": {"name": "a", "namespace": "billing"}}]}
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal("$.items[0].metadata.namespace", e.JsonPath);
    }

    [Fact]
    public void Read_UnterminatedLogSection_ThrowsNamingStartLine()
    {
        using var dir = new TempDirectory();
        var file = dir.File("shop/cart-1/logs.txt", """
            ==== START logs for container app of pod shop/cart-1 ====
            fine
            ==== END logs for container app of pod shop/cart-1 ====
            ==== START logs for container sidecar of pod shop/cart-1 ====
            cut short
            """);

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(dir.Path));

        Assert.Equal(file, e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("not terminated", e.Message, StringComparison.Ordinal);
        Assert.Contains("sidecar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingDirectory_ThrowsDirectoryNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "k8saiops-no-such-" + Path.GetRandomFileName(), "dump");

        var e = Assert.Throws<DirectoryNotFoundException>(() => SnapshotReader.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFileInExistingDirectory_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "cluster-info.dump");

        var e = Assert.Throws<FileNotFoundException>(() => SnapshotReader.Read(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains("kubectl cluster-info dump", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFilesAndFolders_AreIgnored()
    {
        using var dir = new TempDirectory();
        dir.File("shop/customresourcedefinitions.json", "not even json");
        dir.File(".git/config", "[core]");
        dir.File("shop/pods.json", PodList("a"));

        var snapshot = SnapshotReader.Read(dir.Path);

        Assert.Single(snapshot.Objects);
        Assert.IsType<JsonObject>(snapshot.Objects[0]);
    }
}
