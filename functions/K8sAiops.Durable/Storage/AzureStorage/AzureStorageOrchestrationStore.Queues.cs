using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Storage.AzureStorage;

public sealed partial class AzureStorageOrchestrationStore
{
    private const string BlobReferencePrefix = "blob:";
    private const int MaxPoisonColumnChars = BlobPayloads.MaxInlineColumnChars;
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);
    private readonly SemaphoreSlim _sendLimit = new(64);

    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(messages.Select(m => SendOneAsync(m, cancellationToken)));
    }

    private async Task SendOneAsync(OutboundMessage outbound, CancellationToken cancellationToken)
    {
        await _sendLimit.WaitAsync(cancellationToken);
        try
        {
            var message = outbound.Message;
            var body = MessageSerializer.Serialize(message);
            if (Encoding.UTF8.GetByteCount(body) > BlobPayloads.MaxInlineMessageBytes)
            {
                var blobName = $"{BlobPayloads.FolderOf(message.InstanceId)}messages/{Guid.NewGuid():N}.json.gz";
                await _payloads.UploadAsync(blobName, body, cancellationToken);
                body = BlobReferencePrefix + blobName;
            }

            var delay = WholeSeconds(outbound.VisibleAt is { } at ? at - Now : TimeSpan.Zero);
            var queue = message.IsWorkItem ? _workItems : ControlQueueOf(message.InstanceId);
            Count();
            await queue.SendMessageAsync(body, delay, NeverExpires, cancellationToken);
        }
        finally
        {
            _sendLimit.Release();
        }
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveControlMessagesAsync(int partition, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => ReceiveAsync(_controlQueues[partition], maxCount, visibilityTimeout, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveWorkItemsAsync(int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => ReceiveAsync(_workItems, maxCount, visibilityTimeout, cancellationToken);

    public async Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        var m = (AzureReceivedMessage)message;
        Count();
        try
        {
            await m.Queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (NoLongerHeld(ex))
        {
            // Deleted already, or taken again by another host after its visibility ran out: both are fine.
        }
    }

    public async Task ReleaseMessageAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var m = (AzureReceivedMessage)message;
        Count();
        try
        {
            var receipt = await m.Queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: WholeSeconds(delay), cancellationToken: cancellationToken);
            m.PopReceipt = receipt.Value.PopReceipt;
        }
        catch (RequestFailedException ex) when (NoLongerHeld(ex))
        {
            // No longer ours; it is visible to others already, or another host holds it now.
        }
    }

    public Task RenewMessageAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
        => ReleaseMessageAsync(message, visibilityTimeout, cancellationToken);

    /// <summary>
    /// The message is gone (404), or was received again after its visibility ran out, so this pop receipt is stale
    /// (400 PopReceiptMismatch): either way it is not this host's to delete or hide any more.
    /// </summary>
    private static bool NoLongerHeld(RequestFailedException ex)
        => ex.Status == 404 || ex.ErrorCode == QueueErrorCode.PopReceiptMismatch.ToString();

    /// <summary>Queue visibility is set in whole seconds: round up, so that nothing becomes visible early.</summary>
    private static TimeSpan WholeSeconds(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var rounded = TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        return rounded > MaxVisibilityDelay ? MaxVisibilityDelay : rounded;
    }

    private QueueClient ControlQueueOf(string instanceId) => _controlQueues[Partitioning.PartitionOf(instanceId, _options.PartitionCount)];

    private async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(QueueClient queue, int maxCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        Count();
        var response = await queue.ReceiveMessagesAsync(Math.Clamp(maxCount, 1, 32), visibilityTimeout, cancellationToken);
        var received = new List<ReceivedMessage>(response.Value.Length);
        foreach (var raw in response.Value)
        {
            try
            {
                var body = raw.Body.ToString();
                if (body.StartsWith(BlobReferencePrefix, StringComparison.Ordinal))
                {
                    body = await _payloads.DownloadAsync(body[BlobReferencePrefix.Length..], cancellationToken);
                }

                received.Add(new AzureReceivedMessage(queue, raw.MessageId, raw.PopReceipt, MessageSerializer.DeserializeMessage(body), (int)raw.DequeueCount));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or InvalidDataException)
            {
                // A message that cannot be read will never be readable: keep it for a person, and keep the queue moving.
                await MoveToPoisonAsync(queue, raw, ex, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The blob of a large message is gone: its instance was purged.
                _logger.LogWarning("Deleting message {MessageId} whose payload blob is gone", raw.MessageId);
                Count();
                await queue.DeleteMessageAsync(raw.MessageId, raw.PopReceipt, cancellationToken);
            }
        }

        return received;
    }

    /// <summary>
    /// Stores an unreadable message in the {hub}Poison table (partition: the queue; row: the message id), then deletes
    /// it from the queue. Written with upsert, so a message seen again after a failed delete leaves one row.
    /// </summary>
    private async Task MoveToPoisonAsync(QueueClient queue, QueueMessage raw, Exception error, CancellationToken cancellationToken)
    {
        var body = raw.Body.ToString();
        var entity = new TableEntity(queue.Name, raw.MessageId)
        {
            ["Body"] = body.Length > MaxPoisonColumnChars ? body[..MaxPoisonColumnChars] : body,
            ["BodyLength"] = body.Length,
            ["Error"] = Truncate($"{error.GetType().Name}: {error.Message}", 4_000),
            ["DequeueCount"] = (int)raw.DequeueCount,
            ["InsertedAt"] = raw.InsertedOn,
            ["PoisonedAt"] = _time.GetUtcNow(),
        };
        Count();
        await _poison.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        _logger.LogError(error, "Unreadable message {MessageId} moved from {Queue} to table {PoisonTable}", raw.MessageId, queue.Name, _poison.Name);
        Count();
        await queue.DeleteMessageAsync(raw.MessageId, raw.PopReceipt, cancellationToken);

        static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
    }

    private sealed class AzureReceivedMessage(QueueClient queue, string messageId, string popReceipt, TaskMessage message, int dequeueCount)
        : ReceivedMessage(message, dequeueCount)
    {
        public QueueClient Queue { get; } = queue;

        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
}
