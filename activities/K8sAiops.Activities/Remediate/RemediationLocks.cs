using System.Globalization;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Records;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// One remediation in flight per target, in the record table <c>RemediationLocks</c>: a record keyed by the target
/// with the owning instance and an expiry (<see cref="RemediationOptions.LockTimeout"/>). The owner may acquire it
/// again (which extends it); another instance is refused until the owner releases it or it expires. Every change is
/// conditional on the record's version, so two instances racing for a free lock cannot both win.
/// </summary>
public sealed class RemediationLocks(IRecordTables tables, IOptions<RemediationOptions> options, TimeProvider time)
{
    public const string TableName = "RemediationLocks";
    private const string Row = "lock";

    private IRecordTable Table => tables.Get(TableName);

    /// <summary>Takes or extends the lock for <paramref name="instanceId"/>; null when it did, else the instance that holds it.</summary>
    public async Task<string?> TryAcquireAsync(ResourceRef target, string instanceId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var current = await Table.GetAsync(RemediationBreaker.Partition(target), Row, cancellationToken);
            if (current is not null && current["Owner"] != instanceId && Expires(current) > now)
                return current["Owner"];

            var record = new Record(RemediationBreaker.Partition(target), Row, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Target"] = RemediationBreaker.Format(target),
                ["Owner"] = instanceId,
                ["Expires"] = (now + options.Value.LockTimeout).ToString("O", CultureInfo.InvariantCulture),
            }) { Version = current?.Version };
            if (current is null ? await Table.TryInsertAsync(record, cancellationToken) : await Table.TryReplaceAsync(record, cancellationToken))
                return null;
        }
    }

    /// <summary>The instance holding an unexpired lock on <paramref name="target"/>, or null.</summary>
    public async Task<string?> HolderAsync(ResourceRef target, CancellationToken cancellationToken = default)
    {
        var current = await Table.GetAsync(RemediationBreaker.Partition(target), Row, cancellationToken);
        return current is not null && Expires(current) > time.GetUtcNow() ? current["Owner"] : null;
    }

    /// <summary>Releases the lock if <paramref name="instanceId"/> holds it; false when it did not (already released, or another's).</summary>
    public async Task<bool> ReleaseAsync(ResourceRef target, string instanceId, CancellationToken cancellationToken = default)
    {
        var current = await Table.GetAsync(RemediationBreaker.Partition(target), Row, cancellationToken);
        return current is not null && current["Owner"] == instanceId
            && await Table.TryDeleteAsync(current.Partition, current.Row, current.Version, cancellationToken);
    }

    private static DateTimeOffset Expires(Record record) =>
        DateTimeOffset.TryParse(record["Expires"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
}
