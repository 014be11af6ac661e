using K8sAiops.Durable;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Management;

/// <summary>The ProblemDetails answers of the management API, each naming what was wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is malformed", detail: detail);

    public static ProblemHttpResult NotFound(string instanceId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such instance",
            detail: $"No orchestration instance with id '{instanceId}' exists.");

    public static ProblemHttpResult Gone(string instanceId, OrchestrationRuntimeStatus status)
        => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "The instance has finished",
            detail: $"Orchestration instance '{instanceId}' is {status} and accepts no more requests of this kind.");

    public static ProblemHttpResult Conflict(string title, string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
