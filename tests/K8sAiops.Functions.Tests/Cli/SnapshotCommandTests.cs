using K8sAiops.Functions.Cli;
using K8sAiops.Sandbox.Snapshots;
using static K8sAiops.Functions.Tests.Cli.CommandLineRun;

namespace K8sAiops.Functions.Tests.Cli;

public class SnapshotCommandTests
{
    [Fact]
    public async Task Snapshot_WithFaults_WritesADumpTheReaderLoadsAndNamesEachCulprit()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("k8saiops-snapshot-").FullName, "dump");

        var (code, output, error) = await RunAsync("snapshot", "--out", directory, "--nodes", "2", "--replicas", "1", "--fault", "oom-killed", "--fault", "node-not-ready");

        Assert.True(code == 0, error);
        var snapshot = SnapshotReader.Read(directory);
        Assert.Contains(snapshot.Objects, o => o["status"]?.ToJsonString().Contains("OOMKilled", StringComparison.Ordinal) == true);
        Assert.Contains("Fault oom-killed: culprit Deployment ", output, StringComparison.Ordinal);
        Assert.Contains("Fault node-not-ready: culprit Node ", output, StringComparison.Ordinal);
        Assert.Equal(2, snapshot.Objects.Count(o => (string?)o["kind"] == "Node"));
    }

    [Fact]
    public async Task Snapshot_UnknownFault_Exits2NamingTheCategories()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"k8saiops-snapshot-{Guid.NewGuid():N}");

        var (code, _, error) = await RunAsync("snapshot", "--out", directory, "--fault", "cosmic-rays");

        Assert.Equal(SnapshotCommand.BadInput, code);
        Assert.Contains("unknown fault category 'cosmic-rays'", error, StringComparison.Ordinal);
        Assert.Contains("oom-killed", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task Snapshot_NonEmptyDirectory_Exits2AndLeavesItAlone()
    {
        var directory = Directory.CreateTempSubdirectory("k8saiops-snapshot-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "keep.txt"), "mine");

        var (code, _, error) = await RunAsync("snapshot", "--out", directory);

        Assert.Equal(SnapshotCommand.BadInput, code);
        Assert.Contains("is not empty", error, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName));
    }
}
