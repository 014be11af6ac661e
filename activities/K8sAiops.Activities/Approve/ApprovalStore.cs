using System.Globalization;
using System.Text.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Records;

namespace K8sAiops.Activities.Approve;

/// <summary>
/// The approvals, one record per proposed plan (table <c>Approvals</c>, a partition per instance). The record is
/// what makes a link single-use and the first decision win: a decision is a conditional replace of a pending
/// record, so of two clicks racing only one changes it.
/// </summary>
public sealed class ApprovalStore(IRecordTables tables)
{
    public const string TableName = "Approvals";

    /// <summary>Longest diff kept with the approval (a table property holds 32K characters); the page says when it is cut.</summary>
    public const int MaxDiffLength = 24_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IRecordTable Table => tables.Get(TableName);

    /// <summary>Stores the pending approval; false when it exists already (a re-delivered activity), which changes nothing.</summary>
    public Task<bool> OpenAsync(OpenApprovalRequest request, CancellationToken cancellationToken = default)
    {
        var root = request.Diagnosis.RootCause;
        var diff = request.Subject.Diff.Length > MaxDiffLength
            ? request.Subject.Diff[..MaxDiffLength] + "\n… (diff cut; the full diff is in the audit trail)"
            : request.Subject.Diff;
        var body = new ApprovalRecord
        {
            InstanceId = request.InstanceId,
            ApprovalId = request.ApprovalId,
            ExecutionId = request.ExecutionId,
            Digest = request.Subject.Digest,
            ExpiresAt = request.ExpiresAt,
            Status = ApprovalDecisions.Pending,
            ActionKind = request.Subject.Action.Kind,
            Target = request.Subject.Action.Target,
            Summary = request.Subject.Summary,
            Risk = request.Subject.Risk,
            Diff = diff,
            Cause = root.Summary,
            Category = root.Category,
            Findings = [.. request.Diagnosis.Findings.Take(20).Select(f => f with { Text = f.Text.Length > 500 ? f.Text[..500] + "…" : f.Text })],
            ReportUrl = request.ReportUrl,
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Body"] = JsonSerializer.Serialize(body, Json),
            ["Status"] = ApprovalDecisions.Pending,
        };
        return Table.TryInsertAsync(new Record(RecordKeys.Escape(request.InstanceId), RecordKeys.Escape(request.ApprovalId), values), cancellationToken);
    }

    public async Task<ApprovalRecord?> GetAsync(string instanceId, string approvalId, CancellationToken cancellationToken = default)
    {
        var record = await Table.GetAsync(RecordKeys.Escape(instanceId), RecordKeys.Escape(approvalId), cancellationToken);
        return record is null ? null : Read(record);
    }

    /// <summary>
    /// Records <paramref name="decision"/> if the approval is still pending and unchanged since <paramref name="current"/>
    /// was read. Returns the stored record afterwards and whether this call decided it.
    /// </summary>
    public async Task<(ApprovalRecord Record, bool Decided)> TryDecideAsync(ApprovalRecord current, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        if (current.Status != ApprovalDecisions.Pending)
            return (current, false);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Body"] = JsonSerializer.Serialize(current with { Version = null }, Json),
            ["Status"] = decision.Decision,
            ["DecidedBy"] = decision.By,
            ["DecidedAt"] = decision.At.ToString("O", CultureInfo.InvariantCulture),
            ["Comment"] = decision.Comment,
            ["Channel"] = decision.Channel ?? "",
        };
        var record = new Record(RecordKeys.Escape(current.InstanceId), RecordKeys.Escape(current.ApprovalId), values) { Version = current.Version };
        var decided = await Table.TryReplaceAsync(record, cancellationToken);
        var stored = await GetAsync(current.InstanceId, current.ApprovalId, cancellationToken) ?? current;
        return (stored, decided);
    }

    private static ApprovalRecord Read(Record record)
    {
        var body = JsonSerializer.Deserialize<ApprovalRecord>(record["Body"] ?? "{}", Json)
            ?? throw new InvalidDataException($"Approval {record.Partition}/{record.Row} has no body.");
        return body with
        {
            Status = record["Status"] ?? body.Status,
            DecidedBy = NullIfEmpty(record["DecidedBy"]),
            DecidedAt = DateTimeOffset.TryParse(record["DecidedAt"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
            Comment = NullIfEmpty(record["Comment"]),
            Channel = NullIfEmpty(record["Channel"]),
            Version = record.Version,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
