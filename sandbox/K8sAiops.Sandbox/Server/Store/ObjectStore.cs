using System.Threading.Channels;
using K8sAiops.Sandbox.Server.Behaviour;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>
/// The sandbox's etcd: objects by kind, namespace and name, a global revision counter that every write advances
/// (each written object's <c>metadata.resourceVersion</c> is the revision of its write), the states of recent
/// revisions so that paged lists stay consistent, and the changes since then for watches.
/// </summary>
/// <remarks>
/// Reads take <see cref="Current"/> without locking. Writes run one at a time inside <see cref="Write{T}"/>, which
/// publishes all of a transaction's changes together or, for a dry run or a failure, none of them.
/// </remarks>
internal sealed class ObjectStore(TimeProvider time, TimeSpan retention)
{
    private readonly Lock writeGate = new();
    private readonly LinkedList<(StoreState State, DateTimeOffset At)> history = new();
    private readonly LinkedList<StoreChange> changes = new();
    private readonly List<ChannelWriter<StoreChange>> watchers = [];
    private StoreState current = StoreState.Empty;

    public TimeProvider Time { get; } = time;

    /// <summary>What the cluster's applications need, handed to every transaction (set once the snapshot is loaded).</summary>
    public FaultEvaluator Faults { get; set; } = FaultEvaluator.None;

    /// <summary>The latest state.</summary>
    public StoreState Current => Volatile.Read(ref current);

    /// <summary>
    /// The state as of <paramref name="revision"/> (the latest state whose revision is not newer), or null when that
    /// revision is older than the retained history; <paramref name="oldest"/> is then the oldest revision still served.
    /// </summary>
    public StoreState? At(long revision, out long oldest)
    {
        lock (writeGate)
        {
            oldest = history.First?.Value.State.Revision ?? 0;
            StoreState? found = null;
            foreach (var (state, _) in history)
            {
                if (state.Revision <= revision)
                {
                    found = state;
                }
                else
                {
                    break;
                }
            }

            return found;
        }
    }

    /// <summary>
    /// Starts following changes: from the current state (<paramref name="fromRevision"/> null), or from just after
    /// <paramref name="fromRevision"/>, replaying the retained changes since. Null when that revision is older than the
    /// retained history (<paramref name="oldest"/> is then the oldest revision a watch can start from).
    /// </summary>
    public StoreWatch? Watch(long? fromRevision, out long oldest)
    {
        lock (writeGate)
        {
            oldest = history.First?.Value.State.Revision ?? 0;
            if (fromRevision is { } from && from < oldest)
            {
                return null;
            }

            var channel = Channel.CreateUnbounded<StoreChange>(new UnboundedChannelOptions { SingleReader = true });
            watchers.Add(channel.Writer);
            var backlog = fromRevision is { } start ? changes.Where(c => c.Revision > start).ToList() : [];
            return new StoreWatch(fromRevision is null ? current : null, backlog, channel.Reader, () => Unwatch(channel.Writer));
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one transaction. Its changes are published when it returns, unless
    /// <paramref name="dryRun"/> (then nothing changes and no revision is used) or it throws.
    /// </summary>
    public T Write<T>(bool dryRun, Func<StoreTransaction, T> body)
    {
        lock (writeGate)
        {
            var transaction = new StoreTransaction(current, dryRun, Time.GetUtcNow(), Faults);
            var result = body(transaction);
            if (!dryRun && transaction.Commit() is { } next)
            {
                Volatile.Write(ref current, next);
                Remember(next, transaction.Changes);
            }

            return result;
        }
    }

    private void Remember(StoreState state, IReadOnlyList<StoreChange> made)
    {
        var now = Time.GetUtcNow();
        history.AddLast((state, now));
        while (history.Count > 1 && now - history.First!.Value.At > retention)
        {
            history.RemoveFirst();
        }

        var oldest = history.First!.Value.State.Revision;
        foreach (var change in made)
        {
            changes.AddLast(change);
            foreach (var watcher in watchers)
            {
                watcher.TryWrite(change);
            }
        }

        while (changes.First is { } first && first.Value.Revision <= oldest)
        {
            changes.RemoveFirst();
        }
    }

    private void Unwatch(ChannelWriter<StoreChange> writer)
    {
        lock (writeGate)
        {
            watchers.Remove(writer);
        }

        writer.TryComplete();
    }
}
