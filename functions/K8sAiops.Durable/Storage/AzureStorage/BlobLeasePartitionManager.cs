using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using K8sAiops.Durable.Replay;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>
/// Partition ownership with blob leases: one blob per control queue (<c>partitions/control-NN</c>) whose lease
/// holder owns the partition, and one heartbeat blob per live worker (<c>workers/{id}</c>) so that each worker
/// aims at an equal share and hands over partitions beyond it.
/// <para>
/// The lease id is derived from the worker id, so a restarted worker with the same id takes its partitions back at
/// once instead of waiting for them to expire. That makes the worker id an identity: the heartbeat is written only
/// over this manager's own last write (ETag), and <see cref="StartAsync"/> refuses an id whose heartbeat another live
/// host keeps writing.
/// </para>
/// <para>
/// Refreshes come every <see cref="AzureStorageOptions.LeaseRenewInterval"/> (at most a third of the lease), and
/// every second while a partition has no owner or a worker has stopped writing its heartbeat: a dead worker's
/// partitions are taken within about a second of their leases expiring.
/// </para>
/// </summary>
internal sealed class BlobLeasePartitionManager(
    BlobContainerClient container, string workerId, AzureStorageOptions options, TimeProvider time, ILogger logger, Action count)
    : IPartitionManager
{
    private const string PartitionPrefix = "partitions/";
    private const string WorkerPrefix = "workers/";
    private static readonly TimeSpan FastRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HeartbeatSlack = TimeSpan.FromSeconds(2);
    private readonly string _leaseId = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "lease:" + workerId).ToString();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<int> _owned = [];
    private readonly Dictionary<int, DateTimeOffset> _handedOver = [];
    private IReadOnlySet<int> _toRelease = new HashSet<int>();
    private ETag? _heartbeat;
    private bool _fast;

    public TimeSpan RefreshInterval => _fast ? FastRefresh : RenewInterval;

    public TimeSpan LeaseDuration => options.LeaseDuration;

    public IReadOnlySet<int> PartitionsToRelease => _toRelease;

    /// <summary>Renewals come at least three times per lease, so one slow or failed request does not lose it.</summary>
    private TimeSpan RenewInterval => options.LeaseRenewInterval < options.LeaseDuration / 3 ? options.LeaseRenewInterval : options.LeaseDuration / 3;

    /// <summary>
    /// A heartbeat older than this belongs to a worker that stopped (or stalls): its leases may soon expire, so the
    /// others refresh every second. One missed write is enough: with renewals at most a third of the lease apart, the
    /// others are refreshing fast before the lease can run out. A false alarm costs only faster refreshes.
    /// </summary>
    private TimeSpan SilentAfter => RenewInterval + HeartbeatSlack;

    /// <summary>A heartbeat of this worker's own id younger than this may be another live host's: check before starting.</summary>
    private TimeSpan PossiblyLiveFor => (2 * RenewInterval) + HeartbeatSlack;

    private string WorkerBlob => WorkerPrefix + Uri.EscapeDataString(workerId);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(Enumerable.Range(0, options.PartitionCount).Select(p => EnsureBlobAsync(PartitionBlob(p), cancellationToken)));
        var heartbeat = container.GetBlobClient(WorkerBlob);
        var seen = await PropertiesAsync(heartbeat, cancellationToken);
        if (seen is not null && time.GetUtcNow() - seen.LastModified < PossiblyLiveFor)
        {
            // Written recently: by this worker's previous (killed) process, or by another live host with the same id.
            // Only a live one writes again within a renew interval.
            await Task.Delay(RenewInterval + HeartbeatSlack, time, cancellationToken);
            var again = await PropertiesAsync(heartbeat, cancellationToken);
            if (again is not null && again.ETag != seen.ETag)
            {
                throw Duplicate(again.LastModified);
            }
        }

        try
        {
            _heartbeat = await WriteHeartbeatAsync(seen is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = seen.ETag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw Duplicate(time.GetUtcNow());
        }
    }

    public async Task<IReadOnlySet<int>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RenewHeartbeatAsync(cancellationToken);
            var partitions = await ReadStateAsync(cancellationToken);

            foreach (var partition in _owned.ToList())
            {
                if (!await TryLeaseAsync(partition, renew: true, cancellationToken))
                {
                    logger.LogWarning("Lease on partition {Partition} lost by {WorkerId}", partition, workerId);
                    _owned.Remove(partition);
                }
            }

            var now = time.GetUtcNow();
            var target = (int)Math.Ceiling(options.PartitionCount / (double)Math.Max(1, partitions.LiveWorkers));
            var unowned = false;
            foreach (var partition in Enumerable.Range(0, options.PartitionCount).Where(p => !_owned.Contains(p)).OrderBy(p => partitions.Leased.Contains(p) ? 1 : 0).ThenBy(p => p))
            {
                // Up to a fair share, any partition (a leased one may be this worker's own from before a restart);
                // beyond it, only orphans: unleased partitions this worker did not just hand over to another.
                var leased = partitions.Leased.Contains(partition);
                var orphan = !leased && (!_handedOver.TryGetValue(partition, out var at) || now - at > 3 * RenewInterval);
                if ((_owned.Count < target || orphan) && await TryLeaseAsync(partition, renew: false, cancellationToken))
                {
                    _owned.Add(partition);
                }
                else if (!leased)
                {
                    unowned = true;
                }
            }

            _toRelease = _owned.OrderByDescending(p => p).Take(Math.Max(0, _owned.Count - target)).ToHashSet();
            _fast = unowned || partitions.SilentWorkers > 0;
            return _owned.ToHashSet();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseAsync(int partition, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ReleaseLeaseAsync(partition, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var partition in _owned.ToList())
            {
                await ReleaseLeaseAsync(partition, CancellationToken.None);
            }

            if (_heartbeat is { } etag)
            {
                count();
                await container.GetBlobClient(WorkerBlob).DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag });
            }
        }
        catch (RequestFailedException)
        {
            // The heartbeat ages out by itself, or it is another host's now.
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string PartitionBlob(int partition) => $"{PartitionPrefix}control-{partition:00}";

    private DuplicateWorkerIdException Duplicate(DateTimeOffset writtenAt) => new(
        $"Another host is working on task hub container '{container.Name}' as worker '{workerId}' (its heartbeat was written at {writtenAt:o}). " +
        "Each host needs its own Durable:Worker:WorkerId; stop the other host or give this one another id.");

    /// <summary>Writes the heartbeat over this manager's own last write only: a 412 means another host took the id.</summary>
    private async Task RenewHeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            _heartbeat = await WriteHeartbeatAsync(new BlobRequestConditions { IfMatch = _heartbeat ?? ETag.All }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw Duplicate(time.GetUtcNow());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted by another worker's clean-up after this one stalled for long: write it anew.
            _heartbeat = await WriteHeartbeatAsync(new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
        }
    }

    private async Task<ETag> WriteHeartbeatAsync(BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        count();
        var response = await container.GetBlobClient(WorkerBlob).UploadAsync(
            BinaryData.FromString(time.GetUtcNow().ToString("o")), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
        return response.Value.ETag;
    }

    /// <summary>Which partitions are leased, how many workers are live, and how many stopped writing heartbeats lately.</summary>
    private async Task<HubState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var leased = new HashSet<int>();
        int live = 0, silent = 0;
        var now = time.GetUtcNow();
        count();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (blob.Name.StartsWith(PartitionPrefix, StringComparison.Ordinal))
            {
                if (int.TryParse(blob.Name.AsSpan(PartitionPrefix.Length + "control-".Length), out var p) && blob.Properties.LeaseState == LeaseState.Leased)
                {
                    leased.Add(p);
                }

                continue;
            }

            if (!blob.Name.StartsWith(WorkerPrefix, StringComparison.Ordinal) || blob.Properties.LastModified is not { } written)
            {
                continue;
            }

            // A live worker writes its heartbeat every refresh; one older than a lease belongs to a dead worker.
            var age = now - written;
            if (age < options.LeaseDuration)
            {
                live++;
            }

            if (age > SilentAfter && age < 2 * options.LeaseDuration)
            {
                silent++;
            }
            else if (age > 10 * options.LeaseDuration)
            {
                // Long dead (a pod name that will not come back): keep the folder small. Conditional on what was
                // read, so a worker that writes again at this moment keeps its heartbeat.
                count();
                await IgnoreFailureAsync(container.GetBlobClient(blob.Name).DeleteIfExistsAsync(
                    conditions: new BlobRequestConditions { IfUnmodifiedSince = written }, cancellationToken: cancellationToken));
            }
        }

        return new HubState(leased, live, silent);
    }

    private async Task ReleaseLeaseAsync(int partition, CancellationToken cancellationToken)
    {
        _owned.Remove(partition);
        _toRelease = _toRelease.Where(p => p != partition).ToHashSet();
        _handedOver[partition] = time.GetUtcNow();
        try
        {
            count();
            await container.GetBlobClient(PartitionBlob(partition)).GetBlobLeaseClient(_leaseId).ReleaseAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Not ours any more.
        }
    }

    private async Task<BlobProperties?> PropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            count();
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<bool> TryLeaseAsync(int partition, bool renew, CancellationToken cancellationToken)
    {
        var lease = container.GetBlobClient(PartitionBlob(partition)).GetBlobLeaseClient(_leaseId);
        try
        {
            count();
            if (renew)
            {
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
            else
            {
                await lease.AcquireAsync(options.LeaseDuration, cancellationToken: cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task EnsureBlobAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            count();
            await container.GetBlobClient(name).UploadAsync(
                BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Exists already (possibly leased by another worker).
        }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (RequestFailedException)
        {
            // Best effort.
        }
    }

    private sealed record HubState(HashSet<int> Leased, int LiveWorkers, int SilentWorkers);
}
