using System.Globalization;
using K8sAiops.Activities.Records;

namespace K8sAiops.Activities.Audit;

/// <summary>
/// The append-only audit trail of approvals and remediations, one table partition per instance. Entries are only
/// ever inserted: an entry written with a key (an activity's idempotency key) is stored once however often it is
/// written, so a re-delivered activity cannot duplicate it.
/// </summary>
public sealed class AuditLog(IRecordTables tables, TimeProvider time)
{
    /// <summary>The table (after the task hub's prefix).</summary>
    public const string TableName = "Audit";

    private IRecordTable Table => tables.Get(TableName);

    /// <summary>
    /// Appends <paramref name="entry"/>; with <paramref name="key"/>, only the first entry under that key is kept.
    /// Returns false when an entry with the key was already there.
    /// </summary>
    public Task<bool> AppendAsync(AuditEntry entry, string? key = null, CancellationToken cancellationToken = default)
    {
        var at = entry.At ?? time.GetUtcNow();
        var row = key is null
            ? $"{at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"
            : "k-" + RecordKeys.Escape(key);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Step"] = entry.Step,
            ["Outcome"] = entry.Outcome,
            ["Detail"] = entry.Detail,
            ["Actor"] = entry.Actor,
            ["At"] = at.ToString("O", CultureInfo.InvariantCulture),
        };
        Add(values, "Channel", entry.Channel);
        Add(values, "ClientIp", entry.ClientIp);
        Add(values, "UserAgent", entry.UserAgent);
        Add(values, "Action", entry.Action);
        Add(values, "Data", entry.Data);
        return Table.TryInsertAsync(new Record(RecordKeys.Escape(entry.InstanceId), row, values), cancellationToken);
    }

    /// <summary>The instance's entries, oldest first.</summary>
    public async Task<List<AuditEntry>> ReadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var record in Table.QueryAsync(RecordKeys.Escape(instanceId), cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                InstanceId = instanceId,
                Step = record["Step"] ?? "",
                Outcome = record["Outcome"] ?? "",
                Detail = record["Detail"] ?? "",
                Actor = record["Actor"] ?? "",
                Channel = record["Channel"],
                ClientIp = record["ClientIp"],
                UserAgent = record["UserAgent"],
                Action = record["Action"],
                Data = record["Data"],
                At = DateTimeOffset.TryParse(record["At"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : record.Timestamp,
            });
        }
        return [.. entries.OrderBy(e => e.At)];
    }

    private static void Add(Dictionary<string, string> values, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            values[key] = value;
    }
}
