namespace K8sAiops.Activities.Records;

/// <summary>
/// One table of small records, keyed by partition and row, with optimistic concurrency: the product's own state
/// next to the task hub (audit trail, approvals, deliveries, breakers, locks). An Azure Storage table, or its
/// in-memory twin when storage is in memory.
/// </summary>
public interface IRecordTable
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Stores the record unless one with its keys exists; false when one does (nothing changes then).</summary>
    Task<bool> TryInsertAsync(Record record, CancellationToken cancellationToken = default);

    /// <summary>The record, with the version a conditional update needs; null when there is none.</summary>
    Task<Record?> GetAsync(string partition, string row, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the record if it is still at <see cref="Record.Version"/> (as read); false when someone changed or
    /// deleted it since (nothing changes then).
    /// </summary>
    Task<bool> TryReplaceAsync(Record record, CancellationToken cancellationToken = default);

    /// <summary>Writes the record whatever is there.</summary>
    Task UpsertAsync(Record record, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record if it is still at <see cref="Record.Version"/> (or whatever it is, when null); false when it changed.</summary>
    Task<bool> TryDeleteAsync(string partition, string row, string? version, CancellationToken cancellationToken = default);

    /// <summary>The records of one partition in row order, or of the whole table when <paramref name="partition"/> is null.</summary>
    IAsyncEnumerable<Record> QueryAsync(string? partition, CancellationToken cancellationToken = default);
}

/// <summary>Gives the product's record tables by name (created on first use).</summary>
public interface IRecordTables
{
    IRecordTable Get(string name);
}

/// <summary>
/// A stored record: its keys, string properties and the storage's version (ETag) when it was read. Values are
/// strings (JSON for anything structured) so both stores keep them the same way.
/// </summary>
public sealed record Record(string Partition, string Row, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The storage's version of the record as read; null for a record not read from storage.</summary>
    public string? Version { get; init; }

    /// <summary>When storage last wrote it; null for a record not read from storage.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public string? this[string key] => Values.TryGetValue(key, out var value) ? value : null;
}
