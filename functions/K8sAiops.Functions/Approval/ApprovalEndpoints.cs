using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Approval;

/// <summary>
/// The approval pages: <c>GET /approvals/{instance}/{token}</c> shows the proposed change and the form (a GET never
/// decides: chat unfurlers and link scanners fetch every link); <c>POST</c> to the same URL with
/// <c>decision=approve|reject</c>, <c>approver</c> and <c>comment</c> records the first decision and raises it to the
/// orchestration. The token is the credential; no function key is needed. <c>GET /api/instances/{instance}/audit</c>
/// (function key) is the instance's audit trail.
/// </summary>
public static class ApprovalEndpoints
{
    public const int MaxApproverLength = 100;
    public const string RateLimitPolicy = "approval-pages";
    public const int MaxCommentLength = 1000;

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(ApprovalLinkFactory.PathPrefix).WithTags("Approval").ExcludeFromDescription().RequireRateLimiting(RateLimitPolicy);
        pages.MapGet("/{instanceId}/{token}", ShowAsync);
        pages.MapPost("/{instanceId}/{token}", DecideAsync).DisableAntiforgery();
        app.MapGroup("/api/instances").WithTags("Audit").AddEndpointFilter<FunctionKeyFilter>()
            .MapGet("/{instanceId}/audit", async (string instanceId, AuditLog audit, CancellationToken ct) => TypedResults.Ok(await audit.ReadAsync(instanceId, ct)));
        return app;
    }

    private static async Task<IResult> ShowAsync(string instanceId, string token, string? decision, HttpContext http, ApprovalGate gate, AuditLog audit, CancellationToken ct)
    {
        var check = await gate.CheckAsync(instanceId, token, http, ct);
        if (!check.Usable)
            return Page(http, check.Status, ApprovalPage.Refused(check.Status, check.Reason, check.Record, await TrailAsync(audit, check, ct)));
        await audit.AppendAsync(ApprovalGate.Entry(instanceId, AuditSteps.LinkOpened, "shown", "The approval page was opened.", http, check.Claims), cancellationToken: ct);
        return Page(http, StatusCodes.Status200OK, ApprovalPage.Pending(check.Record!, decision, await audit.ReadAsync(instanceId, ct)));
    }

    private static async Task<IResult> DecideAsync(
        string instanceId, string token, HttpContext http, ApprovalGate gate, ApprovalStore store, AuditLog audit,
        DurableTaskClient client, TimeProvider time, ILogger<ApprovalGate> logger, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The decision must be a form",
                detail: "Post application/x-www-form-urlencoded fields decision=approve|reject, approver and comment.");
        var check = await gate.CheckAsync(instanceId, token, http, ct);
        if (!check.Usable)
            return Page(http, check.Status, ApprovalPage.Refused(check.Status, check.Reason, check.Record, await TrailAsync(audit, check, ct)));

        var form = await http.Request.ReadFormAsync(ct);
        var decision = form["decision"].ToString();
        var approver = form["approver"].ToString().Trim();
        var comment = form["comment"].ToString().Trim();
        var problem = decision is not (ApprovalDecisions.Approve or ApprovalDecisions.Reject) ? "Choose Approve or Reject (field decision=approve|reject)."
            : approver.Length == 0 ? "Enter your name: every decision is recorded with who made it."
            : approver.Length > MaxApproverLength ? $"The name is longer than {MaxApproverLength} characters."
            : comment.Length > MaxCommentLength ? $"The comment is longer than {MaxCommentLength} characters."
            : null;
        if (problem is not null)
        {
            await audit.AppendAsync(ApprovalGate.Entry(instanceId, AuditSteps.Refusal, "invalid-form", problem, http, check.Claims, approver), cancellationToken: ct);
            return Page(http, StatusCodes.Status400BadRequest,
                ApprovalPage.Pending(check.Record!, decision, await audit.ReadAsync(instanceId, ct), problem, approver, comment));
        }

        var claims = check.Claims!;
        var choice = new ApprovalDecision(claims.ApprovalId, decision, approver, comment, time.GetUtcNow(), claims.Channel);
        var (stored, decided) = await store.TryDecideAsync(check.Record!, choice, ct);
        if (!decided)
        {
            var reason = ApprovalGate.Decided(stored);
            await audit.AppendAsync(ApprovalGate.Entry(instanceId, AuditSteps.Refusal, "gone", reason, http, claims, approver), cancellationToken: ct);
            return Page(http, StatusCodes.Status410Gone, ApprovalPage.Refused(StatusCodes.Status410Gone, reason, stored, await audit.ReadAsync(instanceId, ct)));
        }

        await audit.AppendAsync(ApprovalGate.Entry(instanceId, AuditSteps.Decision, decision == ApprovalDecisions.Approve ? "approved" : "rejected",
            comment.Length > 0 ? $"{stored.Summary}. Comment: {comment}" : stored.Summary, http, claims, approver), cancellationToken: ct);
        try
        {
            await client.RaiseEventAsync(instanceId, ApprovalDecision.EventName, choice, ct);
        }
        catch (Exception e) when (e is OrchestrationNotFoundException or OrchestrationFinishedException)
        {
            // The decision is stored; an orchestration that stopped waiting finds it when it closes the approval.
            logger.LogWarning(e, "Recorded the decision for {InstanceId} but could not raise it: {Reason}", instanceId, e.Message);
        }
        logger.LogInformation("Approval {ApprovalId} of {InstanceId}: {Decision} by {Approver} through {Channel}", claims.ApprovalId, instanceId, decision, approver, claims.Channel);
        return Page(http, StatusCodes.Status200OK, ApprovalPage.Recorded(stored, await audit.ReadAsync(instanceId, ct)));
    }

    private static async Task<IReadOnlyList<AuditEntry>> TrailAsync(AuditLog audit, LinkCheck check, CancellationToken ct) =>
        check.Status == StatusCodes.Status410Gone && check.Record is { } record ? await audit.ReadAsync(record.InstanceId, ct) : [];

    private static ContentHttpResult Page(HttpContext http, int status, string html)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["X-Robots-Tag"] = "noindex";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
