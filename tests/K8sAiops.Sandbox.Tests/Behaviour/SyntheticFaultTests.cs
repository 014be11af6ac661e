using System.Net;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic;
using K8sAiops.Sandbox.Tests.Snapshots;
using K8sAiops.Sandbox.Tests.Synthetic;
using static K8sAiops.Sandbox.Tests.Behaviour.PodStatus;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>
/// Snapshots written as <c>./k8saiops snapshot --fault X</c> writes them, read back with their fault file (what the
/// fault recorded) or without it (what the sandbox derives from the failing pods): a restart keeps the fault, the fix
/// removes it.
/// </summary>
public sealed class SyntheticFaultTests
{
    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var category in new[] { "oom-killed", "image-pull", "missing-config", "crash-loop" })
        {
            cases.Add(category, true);
            cases.Add(category, false);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Restart_KeepsTheFault_TheFixRemovesIt(string category, bool faultFile)
    {
        using var folder = new TempDirectory();
        var generated = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 3, Namespaces = 1, DeploymentsPerNamespace = 1 });
        var fault = Faults.Inject(generated, category, ClusterQueries.Now);
        SnapshotWriter.WriteDirectory(generated, folder.Path);
        var file = Path.Combine(folder.Path, FaultModel.FileName);
        Assert.Equal(category != "missing-config", File.Exists(file));
        if (!faultFile)
        {
            File.Delete(file);
        }

        var snapshot = SnapshotReader.Read(folder.Path);
        var (ns, name) = (fault.Culprit.Namespace, fault.Culprit.Name);
        await using var sandbox = await Remediation.StartAsync(snapshot, now: ClusterQueries.Now);
        var replicas = sandbox.Deployment(ns, name)["spec"]!["replicas"]!.GetValue<int>();

        await sandbox.RestartAsync(ns, name);
        var restarted = sandbox.NewPods(ns, name, sandbox.Clock.GetUtcNow());
        await FixAsync(sandbox, category, ns, name);

        Assert.Equal(replicas, restarted.Count);
        Assert.All(restarted, pod => Assert.Equal(ExpectedWaiting(category), WaitingReason(pod)));
        var pods = sandbox.Pods(ns, name);
        Assert.Equal(replicas, pods.Count);
        Assert.All(pods, pod => Assert.True(IsRunningAndReady(pod), pod.ToJsonString()));
        Assert.Equal(replicas, Counter(sandbox.Deployment(ns, name), "readyReplicas"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OomKilled_ANeedOfAbout1Point2Gi_1GiStillFails(bool faultFile)
    {
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 3, Namespaces = 1, DeploymentsPerNamespace = 1 });
        var fault = Faults.Inject(snapshot, "oom-killed", ClusterQueries.Now);
        if (!faultFile)
        {
            snapshot.Faults.MemoryNeeds.Clear();
        }

        await using var sandbox = await Remediation.StartAsync(snapshot, now: ClusterQueries.Now);
        var (ns, name) = (fault.Culprit.Namespace, fault.Culprit.Name);

        await sandbox.PatchContainerAsync(ns, name, MemoryPatch(name, "1Gi"));

        var need = Assert.Single(sandbox.Server.Faults.MemoryNeeds);
        Assert.Equal(("1229Mi", ns, name, name), (need.Memory, need.Namespace, need.Workload, need.Container));
        var pods = sandbox.NewPods(ns, name, sandbox.Clock.GetUtcNow());
        Assert.NotEmpty(pods);
        Assert.All(pods, pod => Assert.Equal("OOMKilled", Container(pod)["lastState"]!["terminated"]!["reason"]!.GetValue<string>()));
        Assert.Equal(0, Counter(sandbox.Deployment(ns, name), "readyReplicas"));
    }

    [Fact]
    public void FaultFile_RoundTripsThroughTheDirectoryForm()
    {
        using var folder = new TempDirectory();
        var snapshot = SyntheticCluster.Generate(new SyntheticClusterOptions { Now = ClusterQueries.Now, Seed = 3, Namespaces = 1, DeploymentsPerNamespace = 1 });
        foreach (var category in new[] { "oom-killed", "image-pull", "crash-loop", "bad-command" })
        {
            Faults.Inject(snapshot, category, ClusterQueries.Now);
        }

        SnapshotWriter.WriteDirectory(snapshot, folder.Path);
        var read = SnapshotReader.Read(folder.Path).Faults;

        Assert.Equal(snapshot.Faults.MemoryNeeds, read.MemoryNeeds);
        Assert.Equal(snapshot.Faults.BadImages, read.BadImages);
        Assert.Equal(2, read.CrashingContainers.Count);
        for (var i = 0; i < 2; i++)
        {
            var (written, back) = (snapshot.Faults.CrashingContainers[i], read.CrashingContainers[i]);
            Assert.Equal((written.Namespace, written.Workload, written.Container, written.Image, written.ExitCode, written.Reason, written.Message),
                (back.Namespace, back.Workload, back.Container, back.Image, back.ExitCode, back.Reason, back.Message));
            Assert.Equal(written.Command, back.Command);
            Assert.True(JsonNode.DeepEquals(written.Env, back.Env));
        }
    }

    [Fact]
    public void FaultFile_Malformed_SaysWhere()
    {
        using var folder = new TempDirectory();
        SnapshotWriter.WriteDirectory(new ClusterSnapshot(), folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, FaultModel.FileName), """{"memoryNeeds":[{"workload":"api","memory":"lots"}]}""");

        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotReader.Read(folder.Path));

        Assert.Equal("$.memoryNeeds[0].memory", e.JsonPath);
    }

    private static string MemoryPatch(string container, string limit) =>
        new JsonObject { ["name"] = container, ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = limit } } }.ToJsonString();

    private static string ExpectedWaiting(string category) => category switch
    {
        "oom-killed" or "crash-loop" => "CrashLoopBackOff",
        "image-pull" => "ImagePullBackOff",
        _ => "CreateContainerConfigError",
    };

    private static async Task FixAsync(Remediation sandbox, string category, string ns, string name)
    {
        switch (category)
        {
            case "oom-killed":
                await sandbox.PatchContainerAsync(ns, name, MemoryPatch(name, "1280Mi"));
                break;
            case "image-pull":
                var good = sandbox.Server.ListObjects(ResourceKinds.ReplicaSet, ns)
                    .Single(s => s["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>() == name
                        && s["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>() == "4");
                await sandbox.RollBackAsync(ns, name, good["metadata"]!["name"]!.GetValue<string>());
                break;
            case "missing-config":
                var (status, body) = await sandbox.Api.PostAsync($"/api/v1/namespaces/{ns}/secrets",
                    """{"metadata":{"name":"smtp-credentials"},"type":"Opaque","data":{"password":"c2VjcmV0"}}""");
                Assert.True(status == HttpStatusCode.Created, $"{status} {body}");
                await sandbox.RestartAsync(ns, name);
                break;
            default:
                await sandbox.PatchContainerAsync(ns, name, $$"""{"name":"{{name}}","env":[{"name":"PAYMENT_PROVIDER_URL","value":"https://pay.example.com"}]}""");
                break;
        }
    }
}
