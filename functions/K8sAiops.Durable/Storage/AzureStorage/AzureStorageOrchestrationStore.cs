using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>
/// A task hub in Azure Storage, laid out as DurableTask.AzureStorage lays it out: queues
/// <c>{hub}-control-NN</c> and <c>{hub}-workitems</c>, tables <c>{Hub}History</c> and <c>{Hub}Instances</c>,
/// blob containers <c>{hub}-largemessages</c> (payloads too large for a message or a column) and
/// <c>{hub}-leases</c> (partition ownership).
/// </summary>
public sealed partial class AzureStorageOrchestrationStore : IOrchestrationStore
{
    private readonly AzureStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly QueueClient[] _controlQueues;
    private readonly QueueClient _workItems;
    private readonly TableClient _history;
    private readonly TableClient _instances;
    private readonly TableClient _poison;
    private readonly BlobContainerClient _largeMessages;
    private readonly BlobContainerClient _leases;
    private readonly BlobPayloads _payloads;
    private long _operations;

    public AzureStorageOrchestrationStore(AzureStorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<AzureStorageOrchestrationStore>();
        var hub = options.TaskHubName.ToLowerInvariant();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.MessageDecodingFailed += async args =>
        {
            if (args.ReceivedMessage is { } message)
            {
                await MoveToPoisonAsync(args.Queue, message, new FormatException("The message body is not Base64, as this task hub's queues hold."), args.CancellationToken);
            }
        };
        var queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        _controlQueues = [.. Enumerable.Range(0, options.PartitionCount).Select(p => queues.GetQueueClient($"{hub}-control-{p:00}"))];
        _workItems = queues.GetQueueClient($"{hub}-workitems");
        var tables = new TableServiceClient(options.ConnectionString);
        _history = tables.GetTableClient($"{options.TaskHubName}History");
        _instances = tables.GetTableClient($"{options.TaskHubName}Instances");
        _poison = tables.GetTableClient($"{options.TaskHubName}Poison");
        var blobs = new BlobServiceClient(options.ConnectionString);
        _largeMessages = blobs.GetBlobContainerClient($"{hub}-largemessages");
        _leases = blobs.GetBlobContainerClient($"{hub}-leases");
        _payloads = new BlobPayloads(_largeMessages, Count);
    }

    public string TaskHubName => _options.TaskHubName;

    public int PartitionCount => _options.PartitionCount;

    /// <summary>Storage requests made so far (each queue, table or blob call counts one).</summary>
    public long OperationCount => Interlocked.Read(ref _operations);

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_controlQueues.Append(_workItems).Select(q => q.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await _history.CreateIfNotExistsAsync(cancellationToken);
        await _instances.CreateIfNotExistsAsync(cancellationToken);
        await _poison.CreateIfNotExistsAsync(cancellationToken);
        await _largeMessages.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Deletes every queue, table and container of the task hub (tests and `purge hub`).</summary>
    public async Task DeleteTaskHubAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_controlQueues.Append(_workItems).Select(q => q.DeleteIfExistsAsync(cancellationToken)));
        await _history.DeleteAsync(cancellationToken);
        await _instances.DeleteAsync(cancellationToken);
        await _poison.DeleteAsync(cancellationToken);
        await _largeMessages.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await _leases.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public IPartitionManager CreatePartitionManager(string workerId)
        => new BlobLeasePartitionManager(_leases, workerId, _options, _time, _logger, Count);

    private void Count() => Interlocked.Increment(ref _operations);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;
}
