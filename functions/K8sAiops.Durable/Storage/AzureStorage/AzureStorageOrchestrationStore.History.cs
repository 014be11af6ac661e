using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using K8sAiops.Durable.History;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>
/// History rows: PartitionKey = instance id, RowKey = "{executionId}-{index:X8}", one event per row (its JSON,
/// or a blob reference when large). A "sentinel" row names the current execution and how many of its events
/// are committed; every transaction that writes events also updates the sentinel under its ETag, so a host
/// that lost the instance fails instead of overwriting, and readers never see a half-written episode. The
/// sentinel also counts appends ("Checkpoint"), across executions, which orders instance-row writes.
/// Payload blobs of large events get unique names: a losing episode's upload never replaces the winner's.
/// </summary>
public sealed partial class AzureStorageOrchestrationStore
{
    private const string SentinelRowKey = "sentinel";
    private const int MaxRowsPerTransaction = 99;
    private const int MaxTransactionChars = 1_500_000;

    public async Task<HistorySnapshot> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        TableEntity? sentinel = null;
        var rows = new List<TableEntity>();
        Count();
        await foreach (var page in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var row in page.Values)
            {
                if (row.RowKey == SentinelRowKey)
                {
                    sentinel = row;
                }
                else
                {
                    rows.Add(row);
                }
            }
        }

        if (sentinel is null)
        {
            return HistorySnapshot.Empty;
        }

        var executionId = sentinel.GetString("ExecutionId");
        var count = sentinel.GetInt32("EventCount") ?? 0;
        var prefix = executionId + "-";
        var current = rows
            .Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (Index: int.Parse(r.RowKey.AsSpan(prefix.Length), NumberStyles.HexNumber, CultureInfo.InvariantCulture), Row: r))
            .Where(r => r.Index < count)
            .OrderBy(r => r.Index)
            .ToList();
        if (current.Count != count)
        {
            throw new InvalidOperationException($"History of '{instanceId}' is missing rows: the sentinel says {count} events, {current.Count} were found.");
        }

        var events = new HistoryEvent[count];
        await Task.WhenAll(current.Select(async r => events[r.Index] = await ReadEventAsync(r.Row, cancellationToken)));
        var checkpoint = sentinel.GetInt64("Checkpoint") ?? 0;
        return new HistorySnapshot(executionId, events, new HistoryToken(sentinel.ETag, executionId, checkpoint), checkpoint);
    }

    public async Task<AppendedHistory> AppendHistoryAsync(
        string instanceId, string executionId, object? token, int startIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>(newEvents.Count);
        for (var i = 0; i < newEvents.Count; i++)
        {
            rows.Add(await ToRowAsync(instanceId, executionId, startIndex + i, newEvents[i], cancellationToken));
        }

        var chunks = Chunk(rows);
        var previous = token as HistoryToken;
        var etag = previous?.ETag;
        var checkpoint = (previous?.Checkpoint ?? 0) + 1;
        for (var c = 0; c < chunks.Count; c++)
        {
            var last = c == chunks.Count - 1;
            var actions = chunks[c].Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList();
            var sentinel = new TableEntity(instanceId, SentinelRowKey);
            if (last)
            {
                sentinel["ExecutionId"] = executionId;
                sentinel["EventCount"] = startIndex + newEvents.Count;
                sentinel["Checkpoint"] = checkpoint;
                sentinel["CheckpointCompletedTimestamp"] = Now;
            }
            else if (etag is null)
            {
                // A first, multi-transaction write: claim the instance with an empty history of this execution.
                sentinel["ExecutionId"] = executionId;
                sentinel["EventCount"] = 0;
            }

            actions.Add(etag is { } current
                ? new TableTransactionAction(last ? TableTransactionActionType.UpdateReplace : TableTransactionActionType.UpdateMerge, sentinel, current)
                : new TableTransactionAction(TableTransactionActionType.Add, sentinel));
            try
            {
                Count();
                var response = await _history.SubmitTransactionAsync(actions, cancellationToken);
                etag = response.Value[^1].Headers.ETag;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new HistoryConflictException(instanceId);
            }
        }

        if (startIndex == 0 && previous?.ExecutionId is { } old && old != executionId)
        {
            // The previous execution (before ContinueAsNew) is never read again: free its rows so that loading
            // an eternal orchestration does not slow down generation after generation.
            _ = DeleteExecutionRowsAsync(instanceId, old);
        }

        return new AppendedHistory(new HistoryToken(etag!.Value, executionId, checkpoint), checkpoint);
    }

    private async Task DeleteExecutionRowsAsync(string instanceId, string executionId)
    {
        try
        {
            var from = executionId + "-";
            var to = executionId + ".";
            var keys = new List<string>();
            Count();
            await foreach (var row in _history.QueryAsync<TableEntity>(
                               e => e.PartitionKey == instanceId && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, select: ["RowKey"]))
            {
                keys.Add(row.RowKey);
            }

            foreach (var chunk in keys.Chunk(100))
            {
                Count();
                await _history.SubmitTransactionAsync(
                    chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k), ETag.All)));
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not delete the history of execution {ExecutionId} of {InstanceId}; purging the instance removes it", executionId, instanceId);
        }
    }

    /// <summary>What guards the next append: the sentinel's ETag, the execution it names and its checkpoint count.</summary>
    private sealed record HistoryToken(ETag ETag, string? ExecutionId, long Checkpoint);

    private static List<List<TableEntity>> Chunk(List<TableEntity> rows)
    {
        var chunks = new List<List<TableEntity>> { new() };
        var chars = 0;
        foreach (var row in rows)
        {
            var size = (row.GetString("Event")?.Length ?? 0) + 256;
            if (chunks[^1].Count >= MaxRowsPerTransaction || (chunks[^1].Count > 0 && chars + size > MaxTransactionChars))
            {
                chunks.Add([]);
                chars = 0;
            }

            chunks[^1].Add(row);
            chars += size;
        }

        return chunks;
    }

    private async Task<TableEntity> ToRowAsync(string instanceId, string executionId, int index, HistoryEvent e, CancellationToken cancellationToken)
    {
        var rowKey = $"{executionId}-{index:X8}";
        var json = MessageSerializer.Serialize(e);
        var row = new TableEntity(instanceId, rowKey)
        {
            ["EventType"] = e.EventType,
            ["EventId"] = e.EventId,
            ["ExecutionId"] = executionId,
        };
        if (json.Length > BlobPayloads.MaxInlineColumnChars)
        {
            var blobName = $"{BlobPayloads.FolderOf(instanceId)}history/{rowKey}-{Guid.NewGuid():N}.json.gz";
            await _payloads.UploadAsync(blobName, json, cancellationToken);
            row["EventBlob"] = blobName;
        }
        else
        {
            row["Event"] = json;
        }

        return row;
    }

    private async Task<HistoryEvent> ReadEventAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = row.GetString("EventBlob") is { Length: > 0 } blob
            ? await _payloads.DownloadAsync(blob, cancellationToken)
            : row.GetString("Event") ?? throw new InvalidOperationException($"History row {row.PartitionKey}/{row.RowKey} has no event.");
        return MessageSerializer.DeserializeEvent(json);
    }

    private async Task DeleteHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var keys = new List<(string PartitionKey, string RowKey)>();
        Count();
        await foreach (var row in _history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add((row.PartitionKey, row.RowKey));
        }

        foreach (var chunk in keys.Chunk(100))
        {
            Count();
            await _history.SubmitTransactionAsync(
                chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.PartitionKey, k.RowKey), ETag.All)),
                cancellationToken);
        }
    }
}
