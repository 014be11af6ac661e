using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace K8sAiops.Activities.Records;

/// <summary>Record tables in process memory (lost on exit): storage <c>InMemory</c>, and tests.</summary>
public sealed class InMemoryRecordTables(TimeProvider? time = null) : IRecordTables
{
    private readonly ConcurrentDictionary<string, InMemoryRecordTable> tables = new(StringComparer.Ordinal);

    public IRecordTable Get(string name) => tables.GetOrAdd(name, n => new InMemoryRecordTable(n, time ?? TimeProvider.System));
}

internal sealed class InMemoryRecordTable(string name, TimeProvider time) : IRecordTable
{
    private readonly SortedDictionary<(string Partition, string Row), Record> records = new(Comparer<(string, string)>.Create(
        (a, b) => string.CompareOrdinal(a.Item1, b.Item1) is var c and not 0 ? c : string.CompareOrdinal(a.Item2, b.Item2)));
    private long version;

    public string Name => name;

    public Task<bool> TryInsertAsync(Record record, CancellationToken cancellationToken = default)
    {
        lock (records)
        {
            if (records.ContainsKey((record.Partition, record.Row)))
                return Task.FromResult(false);
            records[(record.Partition, record.Row)] = Stamp(record);
            return Task.FromResult(true);
        }
    }

    public Task<Record?> GetAsync(string partition, string row, CancellationToken cancellationToken = default)
    {
        lock (records)
            return Task.FromResult(records.TryGetValue((partition, row), out var record) ? record : null);
    }

    public Task<bool> TryReplaceAsync(Record record, CancellationToken cancellationToken = default)
    {
        lock (records)
        {
            if (!records.TryGetValue((record.Partition, record.Row), out var current) || (record.Version is { } v && v != current.Version))
                return Task.FromResult(false);
            records[(record.Partition, record.Row)] = Stamp(record);
            return Task.FromResult(true);
        }
    }

    public Task UpsertAsync(Record record, CancellationToken cancellationToken = default)
    {
        lock (records)
            records[(record.Partition, record.Row)] = Stamp(record);
        return Task.CompletedTask;
    }

    public Task<bool> TryDeleteAsync(string partition, string row, string? version, CancellationToken cancellationToken = default)
    {
        lock (records)
        {
            if (!records.TryGetValue((partition, row), out var current) || (version is not null && version != current.Version))
                return Task.FromResult(false);
            return Task.FromResult(records.Remove((partition, row)));
        }
    }

    public async IAsyncEnumerable<Record> QueryAsync(string? partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<Record> rows;
        lock (records)
            rows = records.Values.Where(r => partition is null || r.Partition == partition).ToList();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask;
    }

    private Record Stamp(Record record) => record with
    {
        Values = new Dictionary<string, string>(record.Values, StringComparer.Ordinal),
        Version = (++version).ToString(CultureInfo.InvariantCulture),
        Timestamp = time.GetUtcNow(),
    };
}
