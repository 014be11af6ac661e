using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Bench.Collect;

/// <summary>How long the bench cluster took to generate, and to write and read back as a kubectl dump directory.</summary>
internal static class SnapshotTimings
{
    public static string Measure(ClusterSnapshot snapshot, TimeSpan generated)
    {
        var folder = Directory.CreateTempSubdirectory("k8saiops-bench-dump-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            SnapshotWriter.WriteDirectory(snapshot, folder);
            var written = clock.Elapsed;
            clock.Restart();
            var read = SnapshotReader.Read(folder);
            var readTime = clock.Elapsed;
            return JsonSerializer.Serialize(new
            {
                scenario = "snapshot",
                objects = read.Objects.Count,
                pods = read.Objects.Count(o => (string?)o["kind"] == "Pod"),
                logs = read.Logs.Count,
                generateSeconds = Math.Round(generated.TotalSeconds, 2),
                writeDirectorySeconds = Math.Round(written.TotalSeconds, 2),
                readDirectorySeconds = Math.Round(readTime.TotalSeconds, 2),
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
