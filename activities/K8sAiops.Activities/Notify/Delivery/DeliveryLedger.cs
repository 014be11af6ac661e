using System.Globalization;
using K8sAiops.Activities.Records;

namespace K8sAiops.Activities.Notify.Delivery;

/// <summary>What <see cref="DeliveryLedger.ClaimAsync"/> found.</summary>
/// <param name="Claimed">True when this run may post; otherwise <paramref name="Status"/> and <paramref name="Detail"/> say why not.</param>
public sealed record DeliveryClaim(bool Claimed, string Status, string Detail);

/// <summary>
/// One record per card and channel (table <c>Deliveries</c>, partition = the activity's idempotency key, row = the
/// channel's name) so a re-delivered activity posts nothing twice. A run claims the row before posting (insert if
/// absent) and records the result after. A row left <c>failed</c> by transient errors, or <c>sending</c> for longer
/// than the claim timeout (its host died), is claimed again with a conditional replace: of two runs only one wins.
/// </summary>
public sealed class DeliveryLedger(IRecordTables tables, TimeProvider time)
{
    public const string TableName = "Deliveries";

    private const string Sending = "sending";

    private IRecordTable Table => tables.Get(TableName);

    public async Task<DeliveryClaim> ClaimAsync(string idempotencyKey, string channel, TimeSpan claimTimeout, CancellationToken cancellationToken = default)
    {
        var (partition, row) = Keys(idempotencyKey, channel);
        var now = time.GetUtcNow();
        var claim = new Record(partition, row, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Status"] = Sending,
            ["ClaimedAt"] = now.ToString("O", CultureInfo.InvariantCulture),
        });
        if (await Table.TryInsertAsync(claim, cancellationToken))
            return new DeliveryClaim(true, Sending, "");

        var existing = await Table.GetAsync(partition, row, cancellationToken);
        if (existing is null)
        {
            return await Table.TryInsertAsync(claim, cancellationToken)
                ? new DeliveryClaim(true, Sending, "")
                : new DeliveryClaim(false, DeliveryStatuses.Duplicate, "another run claimed it a moment ago");
        }

        var status = existing["Status"];
        var claimedAt = DateTimeOffset.TryParse(existing["ClaimedAt"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : now;
        switch (status)
        {
            case DeliveryStatuses.Sent:
                return new DeliveryClaim(false, DeliveryStatuses.Duplicate, $"already sent at {existing["At"] ?? "?"} ({existing["Detail"]})");
            case Sending when now - claimedAt < claimTimeout:
                return new DeliveryClaim(false, DeliveryStatuses.Duplicate, $"another run has been sending it since {claimedAt:O}");
            case DeliveryStatuses.Failed when existing["Transient"] != "true":
                return new DeliveryClaim(false, DeliveryStatuses.Failed, $"failed earlier: {existing["Detail"]}");
        }

        return await Table.TryReplaceAsync(claim with { Version = existing.Version }, cancellationToken)
            ? new DeliveryClaim(true, Sending, "")
            : new DeliveryClaim(false, DeliveryStatuses.Duplicate, "another run claimed it a moment ago");
    }

    /// <summary>Records how the claimed delivery ended.</summary>
    public Task CompleteAsync(
        string idempotencyKey, string channel, string status, string detail, int attempts, bool transient, CancellationToken cancellationToken = default)
    {
        var (partition, row) = Keys(idempotencyKey, channel);
        return Table.UpsertAsync(new Record(partition, row, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Status"] = status,
            ["Detail"] = detail,
            ["Attempts"] = attempts.ToString(CultureInfo.InvariantCulture),
            ["Transient"] = transient ? "true" : "false",
            ["At"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        }), cancellationToken);
    }

    private static (string Partition, string Row) Keys(string idempotencyKey, string channel)
        => (RecordKeys.Escape(idempotencyKey), RecordKeys.Escape(channel));
}
