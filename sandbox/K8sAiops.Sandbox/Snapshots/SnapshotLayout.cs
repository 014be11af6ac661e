using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// A snapshot sorted into the Lists and log sections a dump holds: which kinds per namespace, in kubectl's order,
/// each List sorted by name as the API server lists it.
/// </summary>
internal sealed class SnapshotLayout
{
    /// <summary>The namespaced Lists <c>kubectl cluster-info dump</c> prints for every namespace, in its order.</summary>
    public static IReadOnlyList<ResourceKind> KubectlNamespacedKinds { get; } =
    [
        ResourceKinds.Event, ResourceKinds.ReplicationController, ResourceKinds.Service, ResourceKinds.DaemonSet,
        ResourceKinds.Deployment, ResourceKinds.ReplicaSet, ResourceKinds.Pod,
    ];

    /// <summary>The namespaced kinds this project adds to a dump (written only when there are objects of them).</summary>
    public static IReadOnlyList<ResourceKind> ExtraNamespacedKinds { get; } =
        ResourceKinds.All.Where(k => k.Namespaced && !KubectlNamespacedKinds.Contains(k)).ToArray();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 4, // kubectl's JSON printer indents by four spaces.
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Dictionary<(ResourceKind Kind, string Namespace), List<JsonObject>> lists = [];
    private readonly ClusterSnapshot snapshot;

    public SnapshotLayout(ClusterSnapshot snapshot)
    {
        this.snapshot = snapshot;
        long resourceVersion = 0;
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var obj in snapshot.Objects)
        {
            var kindName = SnapshotLists.Text(obj["kind"]);
            var kind = (kindName is null ? null : ResourceKinds.FindByKind(kindName))
                ?? throw new InvalidOperationException($"The snapshot holds an object of kind '{kindName}', which a dump cannot carry.");
            var metadata = obj["metadata"] as JsonObject;
            var ns = kind.Namespaced ? SnapshotLists.Text(metadata?["namespace"]) ?? "" : "";
            if (kind.Namespaced)
            {
                namespaces.Add(ns);
            }
            else if (kind == ResourceKinds.Namespace && SnapshotLists.Text(metadata?["name"]) is { } name)
            {
                namespaces.Add(name);
            }

            if (long.TryParse(SnapshotLists.Text(metadata?["resourceVersion"]), NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                resourceVersion = Math.Max(resourceVersion, rv);
            }

            if (!lists.TryGetValue((kind, ns), out var list))
            {
                lists[(kind, ns)] = list = [];
            }

            list.Add(obj);
        }

        foreach (var key in snapshot.Logs.Keys)
        {
            namespaces.Add(key.Namespace);
        }

        foreach (var list in lists.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(Name(a), Name(b)));
        }

        Namespaces = namespaces.Where(n => n.Length > 0).ToArray();
        ResourceVersion = (resourceVersion == 0 ? 1 : resourceVersion).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Every namespace that has a Namespace object, namespaced objects or logs, in ordinal order.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>The resourceVersion the Lists carry: the newest of any object, as for a consistent list.</summary>
    public string ResourceVersion { get; }

    public IReadOnlyList<JsonObject> Objects(ResourceKind kind, string ns = "") =>
        lists.TryGetValue((kind, ns), out var list) ? list : [];

    /// <summary>The log sections of a namespace's pods, pod by pod, each pod's init containers then containers as kubectl prints them.</summary>
    public IEnumerable<IGrouping<string, KeyValuePair<ContainerLogKey, string>>> PodLogs(string ns, bool previous)
    {
        var order = new Dictionary<(string Pod, string Container), int>();
        foreach (var pod in Objects(ResourceKinds.Pod, ns))
        {
            var containers = new[] { "initContainers", "containers" }
                .SelectMany(field => pod["spec"]?[field] as JsonArray ?? [])
                .Select(c => SnapshotLists.Text(c?["name"]))
                .OfType<string>();
            foreach (var container in containers)
            {
                order.TryAdd((Name(pod), container), order.Count);
            }
        }

        return snapshot.Logs
            .Where(l => l.Key.Namespace == ns && l.Key.Previous == previous)
            .OrderBy(l => order.GetValueOrDefault((l.Key.Pod, l.Key.Container), int.MaxValue))
            .ThenBy(l => l.Key.Pod, StringComparer.Ordinal)
            .ThenBy(l => l.Key.Container, StringComparer.Ordinal)
            .GroupBy(l => l.Key.Pod);
    }

    /// <summary>Writes a List as kubectl's JSON printer does: four-space indents and a final newline.</summary>
    public void WriteList(IBufferWriter<byte> output, ResourceKind kind, IReadOnlyList<JsonObject> items)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", kind.ListKind);
            writer.WriteString("apiVersion", kind.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", ResourceVersion);
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static string Name(JsonObject obj) => SnapshotLists.Text(obj["metadata"]?["name"]) ?? "";
}
