using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;

namespace K8sAiops.Functions.Approval;

/// <summary>What a link's check found: the approval it opens, or why it is refused and with which status.</summary>
public sealed record LinkCheck(int Status, ApprovalClaims? Claims, ApprovalRecord? Record, string Reason)
{
    public bool Usable => Status == StatusCodes.Status200OK;
}

/// <summary>
/// Checks an approval link before its page is shown or its form is accepted. Forged, altered and cross-instance
/// links, and links of another execution or plan, are 403; expired and already decided ones are 410. Every
/// refusal is audited under the instance the URL names.
/// </summary>
public sealed class ApprovalGate(ApprovalTokens tokens, ApprovalStore store, AuditLog audit, TimeProvider time, ILogger<ApprovalGate> logger)
{
    public async Task<LinkCheck> CheckAsync(string instanceId, string token, HttpContext http, CancellationToken cancellationToken)
    {
        var check = await EvaluateAsync(instanceId, token, cancellationToken);
        if (!check.Usable)
        {
            logger.LogWarning("Refused an approval link for {InstanceId} with {Status}: {Reason}", instanceId, check.Status, check.Reason);
            await audit.AppendAsync(Entry(instanceId, AuditSteps.Refusal, check.Status == StatusCodes.Status403Forbidden ? "forbidden" : "gone",
                check.Reason, http, check.Claims), cancellationToken: cancellationToken);
        }
        return check;
    }

    /// <summary>An audit entry for something done through a link, with the visitor's address and browser.</summary>
    public static AuditEntry Entry(string instanceId, string step, string outcome, string detail, HttpContext http, ApprovalClaims? claims, string actor = "") => new()
    {
        InstanceId = instanceId,
        Step = step,
        Outcome = outcome,
        Detail = detail,
        Actor = actor,
        Channel = claims?.Channel,
        ClientIp = http.Connection.RemoteIpAddress?.ToString(),
        UserAgent = Cut(http.Request.Headers.UserAgent.ToString(), 300),
        Action = claims is null ? null : $"approval {claims.ApprovalId}",
    };

    private async Task<LinkCheck> EvaluateAsync(string instanceId, string token, CancellationToken cancellationToken)
    {
        if (tokens.Verify(token) is not { } claims)
            return new LinkCheck(StatusCodes.Status403Forbidden, null, null, "The link's signature is not valid: it was not made by this host, or it was altered.");
        if (!string.Equals(claims.InstanceId, instanceId, StringComparison.Ordinal))
            return new LinkCheck(StatusCodes.Status403Forbidden, claims, null, $"The link was made for instance '{claims.InstanceId}', not for '{instanceId}'.");
        var record = await store.GetAsync(claims.InstanceId, claims.ApprovalId, cancellationToken);
        if (record is null)
            return new LinkCheck(StatusCodes.Status403Forbidden, claims, null, $"Instance '{instanceId}' has no approval '{claims.ApprovalId}'.");
        if (record.ExecutionId != claims.ExecutionId || record.Digest != claims.ActionDigest)
            return new LinkCheck(StatusCodes.Status403Forbidden, claims, record, "The link was made for another execution or another plan of this instance.");
        if (record.Status != ApprovalDecisions.Pending)
            return new LinkCheck(StatusCodes.Status410Gone, claims, record, Decided(record));
        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Min(claims.ExpiresAt, record.ExpiresAt.ToUnixTimeSeconds()));
        if (time.GetUtcNow() >= expiry)
            return new LinkCheck(StatusCodes.Status410Gone, claims, record, $"The link expired at {expiry:u}.");
        return new LinkCheck(StatusCodes.Status200OK, claims, record, "");
    }

    /// <summary>What was decided, by whom and when, in a sentence.</summary>
    public static string Decided(ApprovalRecord record) => record.Status switch
    {
        ApprovalDecisions.Approve => $"Already approved by {record.DecidedBy} at {record.DecidedAt:u}{Via(record)}.",
        ApprovalDecisions.Reject => $"Already rejected by {record.DecidedBy} at {record.DecidedAt:u}{Via(record)}.",
        ApprovalDecisions.TimedOut => $"Nobody decided in time; the approval timed out at {record.DecidedAt:u} and the fix was not applied.",
        ApprovalDecisions.Escalated => $"Nobody decided in time; at {record.DecidedAt:u} it was escalated with new links.",
        _ => $"The approval is {record.Status}.",
    };

    private static string Via(ApprovalRecord record) => string.IsNullOrEmpty(record.Channel) ? "" : $" through the {record.Channel} link";

    private static string? Cut(string? text, int length) =>
        string.IsNullOrEmpty(text) ? null : text.Length <= length ? text : text[..length];
}
