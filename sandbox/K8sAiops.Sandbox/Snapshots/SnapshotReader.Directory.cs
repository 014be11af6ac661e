using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Snapshots;

public static partial class SnapshotReader
{
    private const string CurrentLogsFile = "logs.txt";
    private const string PreviousLogsFile = "logs-previous.txt";

    /// <summary>
    /// The directory form: cluster-scoped Lists at the root, one folder per namespace with its Lists,
    /// and one folder per pod with <c>logs.txt</c> and <c>logs-previous.txt</c>. Missing files are simply absent kinds.
    /// </summary>
    private static ClusterSnapshot ReadDirectory(string directory)
    {
        var snapshot = new ClusterSnapshot { Source = directory };
        foreach (var kind in ResourceKinds.All.Where(k => !k.Namespaced))
        {
            ReadListFile(Path.Combine(directory, kind.FileName), kind, folderNamespace: null, snapshot.Objects);
        }

        var namespaceFolders = Directory.GetDirectories(directory)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        // Namespaces are independent, so read them in parallel; merge (and report the first error) in folder order
        // so that the result does not depend on scheduling.
        var perNamespace = new NamespaceContent[namespaceFolders.Length];
        var failures = new ExceptionDispatchInfo?[namespaceFolders.Length];
        Parallel.For(0, namespaceFolders.Length, i =>
        {
            try
            {
                perNamespace[i] = ReadNamespaceFolder(namespaceFolders[i]);
            }
            catch (Exception e)
            {
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
        });
        failures.FirstOrDefault(f => f is not null)?.Throw();
        foreach (var content in perNamespace)
        {
            snapshot.Objects.AddRange(content.Objects);
            foreach (var (key, log) in content.Logs)
            {
                snapshot.Logs[key] = log;
            }
        }

        var faults = Path.Combine(directory, FaultModel.FileName);
        if (File.Exists(faults))
        {
            snapshot.Faults.Add(FaultModelJson.Read(faults));
        }

        var trends = Path.Combine(directory, MetricTrends.FileName);
        if (File.Exists(trends))
        {
            snapshot.MetricTrends.Add(MetricTrendsJson.Read(trends));
        }

        return snapshot;
    }

    private sealed record NamespaceContent(List<JsonObject> Objects, List<(ContainerLogKey Key, string Log)> Logs);

    private static NamespaceContent ReadNamespaceFolder(string folder)
    {
        var ns = Path.GetFileName(folder);
        var content = new NamespaceContent([], []);
        foreach (var kind in ResourceKinds.All.Where(k => k.Namespaced))
        {
            ReadListFile(Path.Combine(folder, kind.FileName), kind, ns, content.Objects);
        }

        foreach (var podFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            ReadLogFile(Path.Combine(podFolder, CurrentLogsFile), previous: false, content.Logs);
            ReadLogFile(Path.Combine(podFolder, PreviousLogsFile), previous: true, content.Logs);
        }

        return content;
    }

    private static void ReadListFile(string file, ResourceKind kind, string? folderNamespace, List<JsonObject> into)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var data = File.ReadAllBytes(file);
        var start = SkipByteOrderMark(data);
        if (data.AsSpan(start).IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return; // kubectl creates the file before it writes; an empty file holds no objects.
        }

        var reader = new Utf8JsonReader(data.AsSpan(start));
        var root = ParseJson(ref reader, file, line: 1, column: 1);
        var rest = data.AsSpan(start + (int)reader.BytesConsumed);
        var trailing = rest.IndexOfAnyExcept(" \t\r\n"u8);
        if (trailing >= 0)
        {
            var offset = start + (int)reader.BytesConsumed + trailing;
            var line = 1 + data.AsSpan(0, offset).Count((byte)'\n');
            var column = offset - (data.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1) + 1;
            throw new SnapshotFormatException(file, "unexpected text after the List; a snapshot file holds one List", line, column);
        }

        SnapshotLists.AddItems(root, new SnapshotLists.Origin(file, null, kind, folderNamespace), into);
    }

    private static void ReadLogFile(string file, bool previous, List<(ContainerLogKey Key, string Log)> into)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var data = File.ReadAllBytes(file).AsSpan();
        var position = SkipByteOrderMark(data);
        var line = 1;
        while (true)
        {
            while (position < data.Length && IsWhitespace(data[position]))
            {
                line += data[position] == (byte)'\n' ? 1 : 0;
                position++;
            }

            if (position >= data.Length)
            {
                return;
            }

            into.Add(LogSections.Read(data, ref position, ref line, file, previous));
        }
    }
}
