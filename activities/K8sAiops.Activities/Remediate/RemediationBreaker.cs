using System.Globalization;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Records;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Remediate;

/// <summary>
/// One circuit breaker per target, in the record table <c>RemediationBreakers</c>: failed verifications in a row
/// open it at <see cref="RemediationOptions.BreakerThreshold"/>; a passed one closes it and clears the count; a
/// person resets it. Updates are conditional on the record's version (retried on a race), and a verdict recorded
/// under a key already seen is not counted again.
/// </summary>
public sealed class RemediationBreaker(IRecordTables tables, AuditLog audit, IOptions<RemediationOptions> options, TimeProvider time)
{
    public const string TableName = "RemediationBreakers";
    private const string Row = "breaker";
    private const int KeysKept = 20;

    private IRecordTable Table => tables.Get(TableName);

    public async Task<BreakerState> GetAsync(ResourceRef target, CancellationToken cancellationToken = default) =>
        From(target, await Table.GetAsync(Partition(target), Row, cancellationToken));

    /// <summary>Every target that has a breaker record: each whose fix was ever verified, passed or failed, and each reset.</summary>
    public async Task<List<BreakerState>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = new List<BreakerState>();
        await foreach (var record in Table.QueryAsync(null, cancellationToken))
        {
            if (record["Target"] is { } target && Parse(target) is { } reference)
                states.Add(From(reference, record));
        }
        return states;
    }

    /// <summary>
    /// Counts a verification verdict for <paramref name="target"/>; <paramref name="key"/> (the activity's idempotency
    /// key) makes a redelivered verdict a no-op. Audits the verdict and any change of the breaker's state.
    /// </summary>
    public async Task<BreakerState> RecordAsync(string instanceId, ResourceRef target, bool passed, string key, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var record = await Table.GetAsync(Partition(target), Row, cancellationToken);
            var before = From(target, record);
            var keys = (record?["Keys"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (keys.Contains(key))
                return before;
            keys.Add(key);

            var failures = passed ? 0 : before.ConsecutiveFailures + 1;
            var opens = !passed && !before.Open && failures >= options.Value.BreakerThreshold;
            var after = before with
            {
                ConsecutiveFailures = failures,
                Open = passed ? false : before.Open || opens,
                OpenedAt = opens ? time.GetUtcNow() : passed ? null : before.OpenedAt,
                LastInstance = instanceId,
            };
            if (!await WriteAsync(record, after, keys.TakeLast(KeysKept), cancellationToken))
                continue;

            await audit.AppendAsync(new AuditEntry
            {
                InstanceId = instanceId, Step = AuditSteps.Verify, Outcome = passed ? "passed" : "failed", Actor = "system", Action = target.ToString(),
                Detail = passed ? $"{target} is healthy after the remediation." : $"{target} did not become healthy in time ({failures} failed verification(s) in a row).",
            }, key + ":verify", cancellationToken);
            if (after.Open != before.Open)
            {
                await audit.AppendAsync(new AuditEntry
                {
                    InstanceId = instanceId, Step = AuditSteps.Breaker, Outcome = after.Open ? "open" : "closed", Actor = "system", Action = target.ToString(),
                    Detail = after.Open
                        ? $"The breaker of {target} opened after {failures} failed verifications; no remediation of it runs until it is reset."
                        : $"The breaker of {target} closed after a passed verification.",
                }, key + ":breaker", cancellationToken);
            }
            return after;
        }
    }

    /// <summary>Closes the breaker and clears its count; audited under the instance that last recorded a verdict.</summary>
    public async Task<BreakerState> ResetAsync(ResourceRef target, string by, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var record = await Table.GetAsync(Partition(target), Row, cancellationToken);
            var before = From(target, record);
            var after = before with { ConsecutiveFailures = 0, Open = false, OpenedAt = null, ResetBy = by };
            var keys = (record?["Keys"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!await WriteAsync(record, after, keys, cancellationToken))
                continue;
            await audit.AppendAsync(new AuditEntry
            {
                InstanceId = before.LastInstance ?? $"breaker:{target}", Step = AuditSteps.Breaker, Outcome = "reset", Actor = by, Action = target.ToString(),
                Detail = $"{by} reset the breaker of {target} (it had {before.ConsecutiveFailures} failed verification(s) in a row{(before.Open ? ", open" : "")}).",
            }, cancellationToken: cancellationToken);
            return after;
        }
    }

    /// <summary>The text a refused plan gives when the breaker is open.</summary>
    public static string Refusal(BreakerState state) =>
        $"the breaker of {Format(state.Target)} is open after {state.ConsecutiveFailures} failed verifications; once the cause is understood, reset it with `k8saiops breakers reset {Format(state.Target)} --by NAME` or POST /api/remediation/breakers/reset.";

    private async Task<bool> WriteAsync(Record? current, BreakerState state, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Target"] = Format(state.Target),
            ["ConsecutiveFailures"] = state.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
            ["Open"] = state.Open ? "true" : "false",
            ["Keys"] = string.Join('\n', keys),
        };
        if (state.OpenedAt is { } opened)
            values["OpenedAt"] = opened.ToString("O", CultureInfo.InvariantCulture);
        if (state.LastInstance is { } last)
            values["LastInstance"] = last;
        if (state.ResetBy is { } by)
            values["ResetBy"] = by;
        var record = new Record(Partition(state.Target), Row, values) { Version = current?.Version };
        return current is null ? await Table.TryInsertAsync(record, cancellationToken) : await Table.TryReplaceAsync(record, cancellationToken);
    }

    private static BreakerState From(ResourceRef target, Record? record) => record is null
        ? new BreakerState(target, 0, false, null, null, null)
        : new BreakerState(
            target,
            int.TryParse(record["ConsecutiveFailures"], CultureInfo.InvariantCulture, out var n) ? n : 0,
            record["Open"] == "true",
            DateTimeOffset.TryParse(record["OpenedAt"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
            record["LastInstance"],
            record["ResetBy"]);

    internal static string Partition(ResourceRef target) => RecordKeys.Escape(Format(target));

    /// <summary>A target as <c>Kind/namespace/name</c> (<c>Kind//name</c> when cluster-scoped): how breakers are keyed and named.</summary>
    public static string Format(ResourceRef target) => $"{target.Kind}/{target.Namespace}/{target.Name}";

    /// <summary>Reads <c>Kind/namespace/name</c>, or <c>Kind/name</c> (or <c>Kind//name</c>) for a cluster-scoped object; null when it is neither.</summary>
    public static ResourceRef? Parse(string text) => text.Split('/') switch
    {
        [var kind, var ns, var name] when kind.Length > 0 && name.Length > 0 => new ResourceRef(kind, ns, name),
        [var kind, var name] when kind.Length > 0 && name.Length > 0 => new ResourceRef(kind, "", name),
        _ => null,
    };
}
