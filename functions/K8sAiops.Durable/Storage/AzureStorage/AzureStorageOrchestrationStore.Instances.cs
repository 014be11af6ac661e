using Azure;
using Azure.Data.Tables;

namespace K8sAiops.Durable.Storage.AzureStorage;

/// <summary>
/// Instance rows: PartitionKey = instance id, RowKey empty, one column per field of <see cref="InstanceRecord"/>.
/// Input, Output, CustomStatus and FailureDetails move to a blob (column "{Name}Blob") when too large for a column.
/// </summary>
public sealed partial class AzureStorageOrchestrationStore
{
    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Name", "Version", "ExecutionId", "RuntimeStatus", "CustomStatus", "CustomStatusBlob",
        "FailureDetails", "FailureDetailsBlob", "CreatedTime", "LastUpdatedTime", "CompletedTime", "ScheduledStartTime", "ParentInstanceId", "Generation", "Checkpoint",
    ];

    private static readonly string[] OrderColumns = ["ExecutionId", "Checkpoint", "RuntimeStatus"];

    public async Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool fetchPayloads = true, CancellationToken cancellationToken = default)
    {
        Count();
        var response = await _instances.GetEntityIfExistsAsync<TableEntity>(instanceId, string.Empty, fetchPayloads ? null : SummaryColumns, cancellationToken);
        return response.HasValue ? await ToRecordAsync(response.Value!, fetchPayloads, cancellationToken) : null;
    }

    /// <summary>
    /// A conditional merge: under the ETag of the last write (one request when nobody else wrote since), else read the
    /// row's checkpoint and execution, give up if it is newer, and merge under the ETag just read.
    /// </summary>
    public async Task<InstanceWrite> WriteInstanceAsync(InstanceRecord instance, object? rowToken, CancellationToken cancellationToken = default)
    {
        var entity = await ToEntityAsync(instance, cancellationToken);
        if (rowToken is RowToken known && await TryMergeAsync(entity, known.ETag, cancellationToken) is { } written)
        {
            return new InstanceWrite(true, written);
        }

        while (true)
        {
            Count();
            var stored = await _instances.GetEntityIfExistsAsync<TableEntity>(instance.InstanceId, string.Empty, OrderColumns, cancellationToken);
            if (!stored.HasValue)
            {
                try
                {
                    Count();
                    var added = await _instances.AddEntityAsync(entity, cancellationToken);
                    return new InstanceWrite(true, new RowToken(added.Headers.ETag!.Value));
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    continue; // created meanwhile: compare with it
                }
            }

            var row = stored.Value!;
            if (!InstanceRows.IsOlder(row.GetInt64("Checkpoint") ?? 0, row.GetString("ExecutionId"), instance))
            {
                return new InstanceWrite(false, new RowToken(row.ETag));
            }

            if (await TryMergeAsync(entity, row.ETag, cancellationToken) is { } token)
            {
                return new InstanceWrite(true, token);
            }
        }
    }

    private async Task<RowToken?> TryMergeAsync(TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            Count();
            var response = await _instances.UpdateEntityAsync(entity, etag, TableUpdateMode.Merge, cancellationToken);
            return new RowToken(response.Headers.ETag!.Value);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>The instance row's ETag as of this host's last read or write of it.</summary>
    private sealed record RowToken(ETag ETag);

    public async Task<CreateInstanceResult> TryCreateInstanceAsync(
        InstanceRecord instance, IReadOnlyCollection<OrchestrationRuntimeStatus> replaceableStatuses, CancellationToken cancellationToken = default)
    {
        var entity = await ToEntityAsync(instance, cancellationToken);
        try
        {
            Count();
            await _instances.AddEntityAsync(entity, cancellationToken);
            return CreateInstanceResult.Created;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            Count();
            var existing = await _instances.GetEntityIfExistsAsync<TableEntity>(instance.InstanceId, string.Empty, OrderColumns, cancellationToken);
            if (!existing.HasValue || !Enum.TryParse<OrchestrationRuntimeStatus>(existing.Value!.GetString("RuntimeStatus"), out var status)
                || !replaceableStatuses.Contains(status))
            {
                return CreateInstanceResult.AlreadyExists;
            }

            try
            {
                // The replaced execution's writes carry at most this checkpoint: keeping it fences them off.
                entity["Checkpoint"] = existing.Value.GetInt64("Checkpoint") ?? 0;
                Count();
                await _instances.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return CreateInstanceResult.Created;
            }
            catch (RequestFailedException raced) when (raced.Status == 412)
            {
                return CreateInstanceResult.AlreadyExists;
            }
        }
    }

    public async Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            filters.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedTimeFrom is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedTime ge {DateTime.SpecifyKind(from, DateTimeKind.Utc)}"));
        }

        if (query.CreatedTimeTo is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedTime le {DateTime.SpecifyKind(to, DateTimeKind.Utc)}"));
        }

        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + char.MaxValue}"));
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        Count();
        await foreach (var page in _instances
                           .QueryAsync<TableEntity>(filter, pageSize, query.FetchInputsAndOutputs ? null : SummaryColumns, cancellationToken)
                           .AsPages(query.ContinuationToken, pageSize))
        {
            var records = new List<InstanceRecord>(page.Values.Count);
            foreach (var entity in page.Values)
            {
                records.Add(await ToRecordAsync(entity, query.FetchInputsAndOutputs, cancellationToken));
            }

            return new InstancePage(records, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new InstancePage([], null);
    }

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await DeleteHistoryAsync(instanceId, cancellationToken);
        await _payloads.DeleteFolderAsync(instanceId, cancellationToken);
        try
        {
            Count();
            await _instances.DeleteEntityAsync(instanceId, string.Empty, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private async Task<TableEntity> ToEntityAsync(InstanceRecord r, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(r.InstanceId, string.Empty)
        {
            ["Name"] = r.Name,
            ["Version"] = r.Version ?? string.Empty,
            ["ExecutionId"] = r.ExecutionId,
            ["RuntimeStatus"] = r.RuntimeStatus.ToString(),
            ["CreatedTime"] = DateTime.SpecifyKind(r.CreatedTime, DateTimeKind.Utc),
            ["LastUpdatedTime"] = DateTime.SpecifyKind(r.LastUpdatedTime, DateTimeKind.Utc),
            ["ParentInstanceId"] = r.ParentInstanceId ?? string.Empty,
            ["Generation"] = r.Generation,
            ["Checkpoint"] = r.Checkpoint,
        };
        if (r.CompletedTime is { } completed)
        {
            entity["CompletedTime"] = DateTime.SpecifyKind(completed, DateTimeKind.Utc);
        }

        if (r.ScheduledStartTime is { } scheduled)
        {
            entity["ScheduledStartTime"] = DateTime.SpecifyKind(scheduled, DateTimeKind.Utc);
        }

        // Null input means "keep the stored input" (episodes after the first do not rewrite it).
        if (r.Input is not null)
        {
            await SetPayloadAsync(entity, "Input", r.Input, cancellationToken);
        }

        await SetPayloadAsync(entity, "Output", r.Output, cancellationToken);
        await SetPayloadAsync(entity, "CustomStatus", r.CustomStatus, cancellationToken);
        await SetPayloadAsync(entity, "FailureDetails", r.FailureDetails is null ? null : MessageSerializer.Serialize(r.FailureDetails), cancellationToken);
        return entity;
    }

    private async Task SetPayloadAsync(TableEntity entity, string column, string? value, CancellationToken cancellationToken)
    {
        if (value is { Length: > BlobPayloads.MaxInlineColumnChars })
        {
            var blobName = $"{BlobPayloads.FolderOf(entity.PartitionKey)}instance/{column}-{Guid.NewGuid():N}.json.gz";
            await _payloads.UploadAsync(blobName, value, cancellationToken);
            entity[column] = string.Empty;
            entity[column + "Blob"] = blobName;
        }
        else
        {
            // "\0" marks null, so that a merge can clear a value (table columns cannot hold null).
            entity[column] = value ?? "\0";
            entity[column + "Blob"] = string.Empty;
        }
    }

    private async Task<InstanceRecord> ToRecordAsync(TableEntity e, bool fetchPayloads, CancellationToken cancellationToken) => new()
    {
        InstanceId = e.PartitionKey,
        Name = e.GetString("Name") ?? string.Empty,
        Version = NullIfEmpty(e.GetString("Version")),
        ExecutionId = e.GetString("ExecutionId") ?? string.Empty,
        RuntimeStatus = Enum.TryParse<OrchestrationRuntimeStatus>(e.GetString("RuntimeStatus"), out var status) ? status : OrchestrationRuntimeStatus.Pending,
        Input = fetchPayloads ? await GetPayloadAsync(e, "Input", cancellationToken) : null,
        Output = fetchPayloads ? await GetPayloadAsync(e, "Output", cancellationToken) : null,
        CustomStatus = await GetPayloadAsync(e, "CustomStatus", cancellationToken),
        FailureDetails = MessageSerializer.DeserializeFailure(await GetPayloadAsync(e, "FailureDetails", cancellationToken)),
        CreatedTime = e.GetDateTimeOffset("CreatedTime")?.UtcDateTime ?? default,
        LastUpdatedTime = e.GetDateTimeOffset("LastUpdatedTime")?.UtcDateTime ?? default,
        CompletedTime = e.GetDateTimeOffset("CompletedTime")?.UtcDateTime,
        ScheduledStartTime = e.GetDateTimeOffset("ScheduledStartTime")?.UtcDateTime,
        ParentInstanceId = NullIfEmpty(e.GetString("ParentInstanceId")),
        Generation = e.GetInt32("Generation") ?? 0,
        Checkpoint = e.GetInt64("Checkpoint") ?? 0,
        ConcurrencyToken = new RowToken(e.ETag),
    };

    private async Task<string?> GetPayloadAsync(TableEntity e, string column, CancellationToken cancellationToken)
    {
        if (e.GetString(column + "Blob") is { Length: > 0 } blob)
        {
            return await _payloads.DownloadAsync(blob, cancellationToken);
        }

        var value = e.GetString(column);
        return value is null or "\0" ? null : value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
