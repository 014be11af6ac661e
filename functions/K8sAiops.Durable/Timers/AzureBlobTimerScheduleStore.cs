using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace K8sAiops.Durable.Timers;

/// <summary>
/// Timer leases and schedule status in Azure Blob Storage (or Azurite), shared by every host of a
/// task hub: container <c>{taskhub}-leases</c>, one blob per timer under <c>timers/</c> holding the
/// status JSON <c>{Last, Next, LastUpdated}</c>. A blob lease on that blob is the timer's singleton
/// lock; status writes carry the lease id and the ETag read, so a host that lost either writes nothing.
/// </summary>
public sealed class AzureBlobTimerScheduleStore : ITimerScheduleStore
{
    /// <summary>The shortest lease Blob Storage grants.</summary>
    public static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>The longest finite lease Blob Storage grants.</summary>
    public static readonly TimeSpan MaxLeaseDuration = TimeSpan.FromSeconds(60);

    private readonly BlobContainerClient _container;

    /// <summary>Creates the store; <c>UseDevelopmentStorage=true</c> selects Azurite on its default ports.</summary>
    /// <param name="connectionString">An Azure Storage connection string.</param>
    /// <param name="taskHubName">The task hub; its lower-cased name prefixes the container.</param>
    public AzureBlobTimerScheduleStore(string connectionString, string taskHubName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHubName);
        _container = new BlobServiceClient(connectionString)
            .GetBlobContainerClient($"{taskHubName.ToLowerInvariant()}-leases");
    }

    /// <summary>The container holding the timers' blobs.</summary>
    public string ContainerName => _container.Name;

    /// <inheritdoc />
    public async Task<TimerLease?> TryAcquireLeaseAsync(string timerName, string hostId, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration < MinLeaseDuration || duration > MaxLeaseDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Blob leases last 15 to 60 seconds.");
        }

        var blob = BlobFor(timerName);
        var leaseId = Guid.NewGuid().ToString();
        try
        {
            await blob.GetBlobLeaseClient(leaseId).AcquireAsync(duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            await CreateBlobAsync(blob, cancellationToken);
            return await TryAcquireLeaseAsync(timerName, hostId, duration, cancellationToken);
        }

        return new TimerLease(timerName, hostId, leaseId, duration);
    }

    /// <inheritdoc />
    public async Task<bool> TryRenewLeaseAsync(TimerLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await BlobFor(lease.TimerName).GetBlobLeaseClient(lease.LeaseId).RenewAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (IsLost(ex))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(TimerLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await BlobFor(lease.TimerName).GetBlobLeaseClient(lease.LeaseId).ReleaseAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (IsLost(ex))
        {
            // Already expired or taken by another host: nothing to give up.
        }
    }

    /// <inheritdoc />
    public async Task<StoredScheduleStatus> GetStatusAsync(string timerName, CancellationToken cancellationToken)
    {
        try
        {
            var download = await BlobFor(timerName).DownloadContentAsync(cancellationToken);
            var content = download.Value.Content;
            var status = content.ToMemory().IsEmpty ? null : content.ToObjectFromJson<ScheduleStatus>();
            return new StoredScheduleStatus(status, download.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return new StoredScheduleStatus(null, null);
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryUpdateStatusAsync(TimerLease lease, ScheduleStatus status, string? etag, CancellationToken cancellationToken)
    {
        var conditions = new BlobRequestConditions { LeaseId = lease.LeaseId };
        if (etag is null)
        {
            conditions.IfNoneMatch = ETag.All;
        }
        else
        {
            conditions.IfMatch = new ETag(etag);
        }

        try
        {
            await BlobFor(lease.TimerName).UploadAsync(
                BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(status)),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (IsLost(ex))
        {
            return false;
        }
    }

    private BlobClient BlobFor(string timerName) => _container.GetBlobClient($"timers/{Uri.EscapeDataString(timerName)}");

    private async Task CreateBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await blob.UploadAsync(
                BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (IsLost(ex))
        {
            // Another host created it first.
        }
    }

    // 409 (lease present, conflict) and 412 (ETag or lease id mismatch) mean another host got there first.
    private static bool IsLost(RequestFailedException ex)
        => ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed;
}
