using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// The changes of one write (a request and what the controllers do in answer to it), seen by its own reads.
/// Each <see cref="Put"/> or <see cref="Delete"/> takes the next revision, except in a dry run, where a
/// written object keeps the resourceVersion it had.
/// </summary>
internal sealed class StoreTransaction
{
    private readonly StoreState basis;
    private readonly Dictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> changed = new(StringComparer.Ordinal);
    private readonly List<StoreChange> changes = [];
    private long revision;

    public StoreTransaction(StoreState basis, bool dryRun, DateTimeOffset now, FaultEvaluator? faults = null)
    {
        this.basis = basis;
        revision = basis.Revision;
        DryRun = dryRun;
        Now = now;
        Faults = faults ?? FaultEvaluator.None;
    }

    public bool DryRun { get; }

    /// <summary>What the cluster's applications need: consulted when a pod starts.</summary>
    public FaultEvaluator Faults { get; }

    /// <summary>The time of the write: new objects' creation timestamps and event times.</summary>
    public DateTimeOffset Now { get; }

    public StoredObject? Get(ResourceKind kind, ObjectKey key) => Of(kind).GetValueOrDefault(key);

    public StoredObject? Get(ResourceKind kind, string @namespace, string name) => Get(kind, new ObjectKey(kind.Namespaced ? @namespace : "", name));

    /// <summary>The objects of <paramref name="kind"/> in <paramref name="namespace"/> (all when null), including this transaction's changes.</summary>
    public IEnumerable<StoredObject> List(ResourceKind kind, string? @namespace = null)
    {
        var all = Of(kind).Values;
        return @namespace is null ? all : all.Where(o => string.Equals(o.Namespace, @namespace, StringComparison.Ordinal));
    }

    /// <summary>Stores <paramref name="obj"/> (creating or replacing), stamping <c>metadata.resourceVersion</c> with a new revision.</summary>
    public StoredObject Put(ResourceKind kind, JsonObject obj)
    {
        if (!DryRun)
        {
            revision++;
            obj.Metadata()["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        }

        var stored = StoredObject.Create(kind, obj);
        var objects = Of(kind);
        var previous = objects.GetValueOrDefault(stored.Key);
        changed[kind.Kind] = objects.SetItem(stored.Key, stored);
        changes.Add(new StoreChange(revision, previous is null ? ChangeType.Added : ChangeType.Modified, stored, previous));
        return stored;
    }

    /// <summary>Removes an object; returns it as it was, or null when there was none.</summary>
    public StoredObject? Delete(ResourceKind kind, ObjectKey key)
    {
        var objects = Of(kind);
        if (!objects.TryGetValue(key, out var existing))
        {
            return null;
        }

        if (!DryRun)
        {
            revision++;
            var last = existing.ToNode();
            last.Metadata()["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
            changes.Add(new StoreChange(revision, ChangeType.Deleted, StoredObject.Create(kind, last), null));
        }

        changed[kind.Kind] = objects.Remove(key);
        return existing;
    }

    /// <summary>The changes made, in order (none in a dry run).</summary>
    internal IReadOnlyList<StoreChange> Changes => DryRun ? [] : changes;

    /// <summary>The state with this transaction's changes, or null when it changed nothing.</summary>
    internal StoreState? Commit() => changed.Count == 0 ? null : basis.With(revision, changed);

    private ImmutableSortedDictionary<ObjectKey, StoredObject> Of(ResourceKind kind) =>
        changed.TryGetValue(kind.Kind, out var objects) ? objects : basis.Of(kind);
}
