using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Testing;

namespace K8sAiops.Sandbox.Tests.Snapshots;

public sealed class SnapshotWriterTests
{
    private static ClusterSnapshot SmallSnapshot()
    {
        var snapshot = new ClusterSnapshot();
        snapshot.Objects.Add(Obj("v1", "Node", null, "worker-1"));
        snapshot.Objects.Add(Obj("v1", "Namespace", null, "shop"));
        snapshot.Objects.Add(Obj("storage.k8s.io/v1", "StorageClass", null, "gp3"));
        snapshot.Objects.Add(Obj("v1", "Pod", "shop", "cart-1", new JsonObject
        {
            ["initContainers"] = new JsonArray(new JsonObject { ["name"] = "migrate" }),
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app" }, new JsonObject { ["name"] = "proxy" }),
        }));
        snapshot.Objects.Add(Obj("apps/v1", "StatefulSet", "shop", "postgres"));
        snapshot.Objects.Add(Obj("v1", "Secret", "shop", "db", data: new JsonObject { ["password"] = "aHVudGVyMg==" }));
        snapshot.Objects.Add(Obj("v1", "Service", "billing", "ledger"));
        snapshot.Logs[new("shop", "cart-1", "app", false)] = "started <ok> & \"ready\" – ünïcode\n";
        snapshot.Logs[new("shop", "cart-1", "proxy", false)] = "no final newline";
        snapshot.Logs[new("shop", "cart-1", "migrate", false)] = "";
        snapshot.Logs[new("shop", "cart-1", "app", true)] = "panic: previous run\n";
        return snapshot;
    }

    private static JsonObject Obj(string apiVersion, string kind, string? ns, string name, JsonObject? spec = null, JsonObject? data = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["uid"] = $"uid-{kind}-{name}", ["resourceVersion"] = "42" };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
        if (spec is not null)
        {
            obj["spec"] = spec;
        }

        if (data is not null)
        {
            obj["data"] = data;
        }

        return obj;
    }

    [Fact]
    public void WriteDirectory_ThenRead_SameObjectsAndLogs()
    {
        using var dir = new TempDirectory();
        var snapshot = SmallSnapshot();

        SnapshotWriter.WriteDirectory(snapshot, dir.Path);
        var read = SnapshotReader.Read(dir.Path);

        SnapshotAssert.SameContent(snapshot, read);
    }

    [Fact]
    public void WriteStream_ThenRead_SameObjectsAndLogs()
    {
        using var dir = new TempDirectory();
        var snapshot = SmallSnapshot();
        var file = Path.Combine(dir.Path, "cluster-info.dump");

        SnapshotWriter.WriteStream(snapshot, file);
        var read = SnapshotReader.Read(file);

        SnapshotAssert.SameContent(snapshot, read);
    }

    [Fact]
    public void WriteDirectory_Layout_IsKubectls()
    {
        using var dir = new TempDirectory();

        SnapshotWriter.WriteDirectory(SmallSnapshot(), dir.Path);

        string[] kubectlFiles = ["events.json", "replication-controllers.json", "services.json", "daemonsets.json", "deployments.json", "replicasets.json", "pods.json"];
        foreach (var ns in new[] { "shop", "billing" })
        {
            Assert.All(kubectlFiles, f => Assert.True(File.Exists(Path.Combine(dir.Path, ns, f)), $"{ns}/{f}"));
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "nodes.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "namespaces.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "storageclasses.json")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "persistentvolumes.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "shop", "statefulsets.json")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "billing", "statefulsets.json")));
        var logs = File.ReadAllText(Path.Combine(dir.Path, "shop", "cart-1", "logs.txt"));
        Assert.StartsWith("==== START logs for container migrate of pod shop/cart-1 ====\n==== END logs for container migrate of pod shop/cart-1 ====\n", logs, StringComparison.Ordinal);
        Assert.Contains("no final newline==== END logs for container proxy of pod shop/cart-1 ====\n", logs, StringComparison.Ordinal);
        var previous = File.ReadAllText(Path.Combine(dir.Path, "shop", "cart-1", "logs-previous.txt"));
        Assert.Equal("==== START logs for container app of pod shop/cart-1 ====\npanic: previous run\n==== END logs for container app of pod shop/cart-1 ====\n", previous);
    }

    [Fact]
    public void WriteDirectory_ListFiles_AreTypedListsIndentedLikeKubectl()
    {
        using var dir = new TempDirectory();

        SnapshotWriter.WriteDirectory(SmallSnapshot(), dir.Path);

        var text = File.ReadAllText(Path.Combine(dir.Path, "shop", "pods.json"));
        Assert.StartsWith("{\n    \"kind\": \"PodList\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"resourceVersion\": \"42\"\n    },\n    \"items\": [", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        var empty = File.ReadAllText(Path.Combine(dir.Path, "billing", "pods.json"));
        Assert.Contains("\"items\": []", empty, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteStream_Order_IsKubectls()
    {
        var snapshot = SmallSnapshot();
        snapshot.Objects.RemoveAll(o => (string?)o["metadata"]!["namespace"] == "billing");
        using var writer = new StringWriter();

        SnapshotWriter.WriteStream(snapshot, writer);

        var text = writer.ToString();
        string[] order =
        [
            "\"kind\": \"NodeList\"", "\"kind\": \"NamespaceList\"", "\"kind\": \"StorageClassList\"",
            "\"kind\": \"EventList\"", "\"kind\": \"ReplicationControllerList\"", "\"kind\": \"ServiceList\"",
            "\"kind\": \"DaemonSetList\"", "\"kind\": \"DeploymentList\"", "\"kind\": \"ReplicaSetList\"", "\"kind\": \"PodList\"",
            "==== START logs for container migrate of pod shop/cart-1 ====",
            "==== START logs for container app of pod shop/cart-1 ====",
            "==== START logs for container proxy of pod shop/cart-1 ====",
            "\"kind\": \"SecretList\"", "\"kind\": \"StatefulSetList\"",
            "==== START previous logs for container app of pod shop/cart-1 ====",
        ];
        var position = -1;
        foreach (var marker in order)
        {
            position = text.IndexOf(marker, position + 1, StringComparison.Ordinal);
            Assert.True(position >= 0, $"'{marker}' missing or out of order");
        }
    }

    [Fact]
    public void WriteStream_KubectlFixture_RoundTripsItsContent()
    {
        var original = SnapshotReader.Read(Path.Combine(RepoPaths.Root, "tests", "K8sAiops.Sandbox.Tests", "Fixtures", "cluster-info.dump"));
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "again.dump");

        SnapshotWriter.WriteStream(original, file);

        SnapshotAssert.SameContent(original, SnapshotReader.Read(file));
    }

    [Fact]
    public void WriteDirectory_ObjectOfUnknownKind_Throws()
    {
        using var dir = new TempDirectory();
        var snapshot = new ClusterSnapshot();
        snapshot.Objects.Add(new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" } });

        var e = Assert.Throws<InvalidOperationException>(() => SnapshotWriter.WriteDirectory(snapshot, dir.Path));

        Assert.Contains("Widget", e.Message, StringComparison.Ordinal);
    }
}
