using System.Collections.Immutable;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// Every object at one revision. Immutable: a write makes a new state that shares all untouched objects, so a list
/// can page through the state it started on (as the API server pages through one etcd revision).
/// </summary>
internal sealed class StoreState
{
    private static readonly ImmutableSortedDictionary<ObjectKey, StoredObject> None = ImmutableSortedDictionary<ObjectKey, StoredObject>.Empty;

    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> kinds;

    public StoreState(long revision, ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> kinds)
    {
        Revision = revision;
        this.kinds = kinds;
    }

    public static StoreState Empty { get; } = new(0, ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>>.Empty);

    /// <summary>The revision of the last write included (the <c>resourceVersion</c> of a list read from this state).</summary>
    public long Revision { get; }

    /// <summary>All objects of <paramref name="kind"/>, ordered by namespace, then name.</summary>
    public ImmutableSortedDictionary<ObjectKey, StoredObject> Of(ResourceKind kind) => kinds.GetValueOrDefault(kind.Kind, None);

    public StoredObject? Get(ResourceKind kind, ObjectKey key) => Of(kind).GetValueOrDefault(key);

    /// <summary>The objects of <paramref name="kind"/> in <paramref name="namespace"/> (all namespaces when null), in list order.</summary>
    public IEnumerable<StoredObject> List(ResourceKind kind, string? @namespace = null)
    {
        var all = Of(kind).Values;
        return @namespace is null ? all : all.Where(o => string.Equals(o.Namespace, @namespace, StringComparison.Ordinal));
    }

    public StoreState With(long revision, IReadOnlyDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> changedKinds)
    {
        var next = kinds;
        foreach (var (kind, objects) in changedKinds)
        {
            next = next.SetItem(kind, objects);
        }

        return new StoreState(revision, next);
    }
}
