using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// Writes a snapshot in the forms <see cref="SnapshotReader"/> reads: kubectl's directory layout and markers,
/// or its single stream, plus the extra kinds and previous logs of <c>cluster-snapshot-format.md</c>.
/// </summary>
public static class SnapshotWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the directory form into <paramref name="directory"/> (created when missing; files of the same names are replaced):
    /// <c>nodes.json</c> and the other cluster-scoped Lists at the root, the Lists kubectl writes in every namespace
    /// folder (even when empty), the extra kinds where there are objects of them, and
    /// <c>&lt;ns&gt;/&lt;pod&gt;/logs.txt</c> and <c>logs-previous.txt</c> for the pods that have logs, and
    /// <see cref="FaultModel.FileName"/> when the snapshot has <see cref="ClusterSnapshot.Faults"/> and
    /// <see cref="MetricTrends.FileName"/> when it has <see cref="ClusterSnapshot.MetricTrends"/> (each removed when there are none).
    /// </summary>
    public static void WriteDirectory(ClusterSnapshot snapshot, string directory)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var layout = new SnapshotLayout(snapshot);
        Directory.CreateDirectory(directory);
        var faults = Path.Combine(directory, FaultModel.FileName);
        if (snapshot.Faults.IsEmpty)
        {
            File.Delete(faults);
        }
        else
        {
            File.WriteAllText(faults, FaultModelJson.Write(snapshot.Faults), Utf8NoBom);
        }

        var trends = Path.Combine(directory, MetricTrends.FileName);
        if (snapshot.MetricTrends.IsEmpty)
        {
            File.Delete(trends);
        }
        else
        {
            File.WriteAllText(trends, MetricTrendsJson.Write(snapshot.MetricTrends), Utf8NoBom);
        }

        foreach (var kind in ResourceKinds.All.Where(k => !k.Namespaced))
        {
            var objects = layout.Objects(kind);
            if (kind == ResourceKinds.Node || objects.Count > 0)
            {
                WriteListFile(layout, Path.Combine(directory, kind.FileName), kind, objects);
            }
        }

        foreach (var ns in layout.Namespaces)
        {
            var folder = Path.Combine(directory, ns);
            Directory.CreateDirectory(folder);
            foreach (var kind in SnapshotLayout.KubectlNamespacedKinds)
            {
                WriteListFile(layout, Path.Combine(folder, kind.FileName), kind, layout.Objects(kind, ns));
            }

            foreach (var kind in SnapshotLayout.ExtraNamespacedKinds.Where(k => layout.Objects(k, ns).Count > 0))
            {
                WriteListFile(layout, Path.Combine(folder, kind.FileName), kind, layout.Objects(kind, ns));
            }

            WriteLogFiles(layout, folder, ns, previous: false, "logs.txt");
            WriteLogFiles(layout, folder, ns, previous: true, "logs-previous.txt");
        }
    }

    /// <summary>
    /// Writes the single-stream form to <paramref name="writer"/>: the Lists one after another in kubectl's order,
    /// each namespace's log sections after its pods, then the extra kinds and previous logs. The stream has no place
    /// for <see cref="ClusterSnapshot.Faults"/> or <see cref="ClusterSnapshot.MetricTrends"/>; they are not written.
    /// </summary>
    public static void WriteStream(ClusterSnapshot snapshot, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(writer);
        var layout = new SnapshotLayout(snapshot);
        var buffer = new ArrayBufferWriter<byte>();
        void List(ResourceKind kind, string ns)
        {
            buffer.ResetWrittenCount();
            layout.WriteList(buffer, kind, layout.Objects(kind, ns));
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        List(ResourceKinds.Node, "");
        foreach (var kind in ResourceKinds.All.Where(k => !k.Namespaced && k != ResourceKinds.Node && layout.Objects(k).Count > 0))
        {
            List(kind, "");
        }

        foreach (var ns in layout.Namespaces)
        {
            foreach (var kind in SnapshotLayout.KubectlNamespacedKinds)
            {
                List(kind, ns);
            }

            WriteSections(writer, layout, ns, previous: false);
            foreach (var kind in SnapshotLayout.ExtraNamespacedKinds.Where(k => layout.Objects(k, ns).Count > 0))
            {
                List(kind, ns);
            }

            WriteSections(writer, layout, ns, previous: true);
        }
    }

    /// <summary>Writes the single-stream form to the file <paramref name="path"/> (UTF-8, replaced when it exists).</summary>
    public static void WriteStream(ClusterSnapshot snapshot, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new StreamWriter(path, append: false, Utf8NoBom);
        WriteStream(snapshot, writer);
    }

    private static void WriteListFile(SnapshotLayout layout, string file, ResourceKind kind, IReadOnlyList<JsonObject> objects)
    {
        var buffer = new ArrayBufferWriter<byte>();
        layout.WriteList(buffer, kind, objects);
        File.WriteAllBytes(file, buffer.WrittenSpan);
    }

    private static void WriteLogFiles(SnapshotLayout layout, string folder, string ns, bool previous, string fileName)
    {
        foreach (var pod in layout.PodLogs(ns, previous))
        {
            var podFolder = Path.Combine(folder, pod.Key);
            Directory.CreateDirectory(podFolder);
            using var writer = new StreamWriter(Path.Combine(podFolder, fileName), append: false, Utf8NoBom);
            foreach (var (key, log) in pod)
            {
                LogSections.Write(writer, key, log, namePrevious: false);
            }
        }
    }

    private static void WriteSections(TextWriter writer, SnapshotLayout layout, string ns, bool previous)
    {
        foreach (var (key, log) in layout.PodLogs(ns, previous).SelectMany(pod => pod))
        {
            LogSections.Write(writer, key, log, namePrevious: true);
        }
    }
}
