using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Functions.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Remediation;

/// <summary>The body of a breaker reset: the target, and who resets it (recorded in the audit trail).</summary>
public sealed record BreakerResetRequest(ResourceRef? Target, string? By);

/// <summary>
/// The remediation breakers over HTTP (function key): <c>GET /api/remediation/breakers</c> lists every target with
/// failed verifications; <c>POST /api/remediation/breakers/reset</c> with <c>{"target":{"kind","namespace","name"},"by"}</c>
/// closes one, so automatic fixes are proposed for it again.
/// </summary>
public static class RemediationEndpoints
{
    public static IEndpointRouteBuilder MapRemediationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/remediation/breakers").WithTags("Remediation").AddEndpointFilter<FunctionKeyFilter>();
        group.MapGet("", async (RemediationBreaker breaker, CancellationToken ct) => TypedResults.Ok(await breaker.ListAsync(ct)));
        group.MapPost("/reset", ResetAsync);
        return app;
    }

    private static async Task<Results<Ok<BreakerState>, ProblemHttpResult>> ResetAsync(BreakerResetRequest? body, RemediationBreaker breaker, CancellationToken ct)
    {
        if (body?.Target is not { Kind.Length: > 0, Name.Length: > 0 } target)
            return Problems.BadRequest("Send {\"target\":{\"kind\":\"Deployment\",\"namespace\":\"shop\",\"name\":\"cart\"},\"by\":\"your name\"}.");
        if (string.IsNullOrWhiteSpace(body.By))
            return Problems.BadRequest("Say who resets the breaker in \"by\": it is recorded in the audit trail.");
        return TypedResults.Ok(await breaker.ResetAsync(target with { Namespace = target.Namespace ?? "" }, body.By.Trim(), ct));
    }
}
