using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// Fills a store from a <see cref="ClusterSnapshot"/>: copies every object, gives each a resourceVersion (in kind,
/// namespace, name order), a uid and a creation time when missing, and, when the snapshot has no Namespace objects
/// (a <c>kubectl cluster-info dump</c> has none), makes an Active one for every namespace in use and <c>default</c>.
/// </summary>
internal static class SnapshotLoader
{
    public static void Load(ObjectStore store, ClusterSnapshot snapshot)
    {
        var objects = new List<(ResourceKind Kind, JsonObject Object)>();
        foreach (var source in snapshot.Objects)
        {
            var kindName = source.StringAt("kind")
                ?? throw new ArgumentException($"An object in snapshot {snapshot.Source} has no kind.", nameof(snapshot));
            var kind = ResourceKinds.FindByKind(kindName)
                ?? throw new ArgumentException($"Snapshot {snapshot.Source} holds a {kindName}, a kind the sandbox does not serve.", nameof(snapshot));
            if (string.IsNullOrEmpty(source.StringAt("metadata", "name")))
            {
                throw new ArgumentException($"A {kindName} in snapshot {snapshot.Source} has no metadata.name.", nameof(snapshot));
            }

            var copy = source.DeepClone().AsObject();
            if (kind.Namespaced && string.IsNullOrEmpty(copy.StringAt("metadata", "namespace")))
            {
                copy.Metadata()["namespace"] = "default";
            }

            objects.Add((kind, copy));
        }

        if (!objects.Any(o => o.Kind == ResourceKinds.Namespace))
        {
            objects.AddRange(SynthesizeNamespaces(objects));
        }

        var order = ResourceKinds.All.Select((kind, index) => (kind, index)).ToDictionary(p => p.kind.Kind, p => p.index, StringComparer.Ordinal);
        var sorted = objects
            .OrderBy(o => order[o.Kind.Kind])
            .ThenBy(o => Key(o.Kind, o.Object))
            .ToList();

        store.Write(dryRun: false, transaction =>
        {
            foreach (var (kind, obj) in sorted)
            {
                if (transaction.Get(kind, Key(kind, obj)) is not null)
                {
                    throw new ArgumentException($"Snapshot {snapshot.Source} holds {kind.Plural} {Key(kind, obj)} twice.", nameof(snapshot));
                }

                ObjectDefaults.Apply(kind, obj, transaction.Now);
                transaction.Put(kind, obj);
            }

            return 0;
        });
    }

    private static ObjectKey Key(ResourceKind kind, JsonObject obj) =>
        new(kind.Namespaced ? obj.StringAt("metadata", "namespace") ?? "" : "", obj.StringAt("metadata", "name") ?? "");

    private static IEnumerable<(ResourceKind, JsonObject)> SynthesizeNamespaces(List<(ResourceKind Kind, JsonObject Object)> objects)
    {
        var firstSeen = new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["default"] = null };
        foreach (var (kind, obj) in objects.Where(o => o.Kind.Namespaced))
        {
            var ns = obj.StringAt("metadata", "namespace")!;
            var created = obj.StringAt("metadata", "creationTimestamp");
            if (!firstSeen.TryGetValue(ns, out var earliest) || (created is not null && (earliest is null || string.CompareOrdinal(created, earliest) < 0)))
            {
                firstSeen[ns] = created;
            }
        }

        foreach (var (name, created) in firstSeen)
        {
            var metadata = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
            };
            if (created is not null)
            {
                metadata["creationTimestamp"] = created;
            }

            yield return (ResourceKinds.Namespace, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = metadata,
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }
    }
}
