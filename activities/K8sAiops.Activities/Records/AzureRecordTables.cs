using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace K8sAiops.Activities.Records;

/// <summary>Record tables in an Azure Storage account (Azurite locally), each created on first use.</summary>
public sealed class AzureRecordTables(TableServiceClient service, string prefix) : IRecordTables
{
    private readonly ConcurrentDictionary<string, AzureRecordTable> tables = new(StringComparer.Ordinal);

    /// <summary>The table <c>{prefix}{name}</c>, e.g. <c>K8sAiopsAudit</c> for the task hub K8sAiops.</summary>
    public IRecordTable Get(string name) => tables.GetOrAdd(name, n => new AzureRecordTable(service.GetTableClient(prefix + n)));
}

internal sealed class AzureRecordTable(TableClient client) : IRecordTable
{
    private readonly Lazy<Task> created = new(() => client.CreateIfNotExistsAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name => client.Name;

    public async Task<bool> TryInsertAsync(Record record, CancellationToken cancellationToken = default)
    {
        await created.Value;
        try
        {
            await client.AddEntityAsync(ToEntity(record), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Record?> GetAsync(string partition, string row, CancellationToken cancellationToken = default)
    {
        await created.Value;
        var response = await client.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<bool> TryReplaceAsync(Record record, CancellationToken cancellationToken = default)
    {
        await created.Value;
        try
        {
            await client.UpdateEntityAsync(ToEntity(record), record.Version is { } v ? new ETag(v) : ETag.All, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task UpsertAsync(Record record, CancellationToken cancellationToken = default)
    {
        await created.Value;
        await client.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> TryDeleteAsync(string partition, string row, string? version, CancellationToken cancellationToken = default)
    {
        await created.Value;
        try
        {
            var response = await client.DeleteEntityAsync(partition, row, version is { } v ? new ETag(v) : ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<Record> QueryAsync(string? partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await created.Value;
        var query = partition is null
            ? client.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken);
        await foreach (var entity in query)
            yield return FromEntity(entity);
    }

    private static TableEntity ToEntity(Record record)
    {
        var entity = new TableEntity(record.Partition, record.Row);
        foreach (var (key, value) in record.Values)
            entity[key] = value;
        return entity;
    }

    private static Record FromEntity(TableEntity entity)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entity)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
                continue;
            values[key] = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        return new Record(entity.PartitionKey, entity.RowKey, values) { Version = entity.ETag.ToString(), Timestamp = entity.Timestamp };
    }
}
