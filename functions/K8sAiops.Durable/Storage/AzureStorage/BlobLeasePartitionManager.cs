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
/// aims at an equal share and hands over partitions beyond it. The lease id is derived from the worker id, so a
/// restarted worker with the same id takes its partitions back at once instead of waiting for them to expire.
/// </summary>
internal sealed class BlobLeasePartitionManager(
    BlobContainerClient container, string workerId, AzureStorageOptions options, TimeProvider time, ILogger logger, Action count)
    : IPartitionManager
{
    private const string PartitionPrefix = "partitions/";
    private const string WorkerPrefix = "workers/";
    private readonly string _leaseId = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "lease:" + workerId).ToString();
    private readonly HashSet<int> _owned = [];
    private readonly HashSet<int> _toRelease = [];
    private readonly Dictionary<int, DateTimeOffset> _handedOver = [];
    private bool _initialized;

    public TimeSpan RefreshInterval => options.LeaseRenewInterval;

    public IReadOnlySet<int> PartitionsToRelease => _toRelease;

    public async Task<IReadOnlySet<int>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (!_initialized)
        {
            await Task.WhenAll(Enumerable.Range(0, options.PartitionCount).Select(p => EnsureBlobAsync(PartitionBlob(p), cancellationToken)));
            _initialized = true;
        }

        count();
        await container.GetBlobClient(WorkerBlob).UploadAsync(BinaryData.FromString(time.GetUtcNow().ToString("o")), overwrite: true, cancellationToken);

        var leased = new Dictionary<int, bool>();
        var liveWorkers = 0;
        // A live worker writes its heartbeat every refresh; one older than a lease belongs to a dead worker.
        var now = time.GetUtcNow();
        var cutoff = now - options.LeaseDuration;
        count();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (blob.Name.StartsWith(PartitionPrefix, StringComparison.Ordinal) && int.TryParse(blob.Name.AsSpan(PartitionPrefix.Length + "control-".Length), out var p))
            {
                leased[p] = blob.Properties.LeaseState == LeaseState.Leased;
            }
            else if (blob.Name.StartsWith(WorkerPrefix, StringComparison.Ordinal) && blob.Properties.LastModified >= cutoff)
            {
                liveWorkers++;
            }
        }

        foreach (var partition in _owned.ToList())
        {
            if (!await TryLeaseAsync(partition, renew: true, cancellationToken))
            {
                logger.LogWarning("Lease on partition {Partition} lost by {WorkerId}", partition, workerId);
                _owned.Remove(partition);
            }
        }

        var target = (int)Math.Ceiling(options.PartitionCount / (double)Math.Max(1, liveWorkers));
        foreach (var partition in Enumerable.Range(0, options.PartitionCount).Where(p => !_owned.Contains(p)).OrderBy(p => leased.GetValueOrDefault(p) ? 1 : 0).ThenBy(p => p))
        {
            // Up to a fair share, any partition (a leased one may be this worker's own from before a restart);
            // beyond it, only orphans: unleased partitions this worker did not just hand over to another.
            var orphan = !leased.GetValueOrDefault(partition)
                && (!_handedOver.TryGetValue(partition, out var at) || now - at > 3 * options.LeaseRenewInterval);
            if ((_owned.Count < target || orphan) && await TryLeaseAsync(partition, renew: false, cancellationToken))
            {
                _owned.Add(partition);
            }
        }

        _toRelease.Clear();
        foreach (var partition in _owned.OrderByDescending(p => p).Take(Math.Max(0, _owned.Count - target)))
        {
            _toRelease.Add(partition);
        }

        return _owned.ToHashSet();
    }

    public async Task ReleaseAsync(int partition, CancellationToken cancellationToken = default)
    {
        _owned.Remove(partition);
        _toRelease.Remove(partition);
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

    public async ValueTask DisposeAsync()
    {
        foreach (var partition in _owned.ToList())
        {
            await ReleaseAsync(partition);
        }

        try
        {
            count();
            await container.DeleteBlobIfExistsAsync(WorkerBlob);
        }
        catch (RequestFailedException)
        {
            // The heartbeat ages out by itself.
        }
    }

    private string WorkerBlob => WorkerPrefix + Uri.EscapeDataString(workerId);

    private static string PartitionBlob(int partition) => $"{PartitionPrefix}control-{partition:00}";

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
}
