using System.Text.Json;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Management;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Starters;

/// <summary>
/// <c>POST /api/orchestrators/{name}</c>: starts any registered orchestration (body = input JSON, optional
/// <c>instanceId</c> query) and answers with the check-status response. For operators and tests; keyed like the management API.
/// </summary>
public static class OrchestrationStarterEndpoints
{
    public static IEndpointRouteBuilder MapOrchestrationStarter(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/orchestrators")
            .WithTags("HTTP starters")
            .AddEndpointFilter<FunctionKeyFilter>()
            .MapPost("/{name}", StartAsync);
        return app;
    }

    private static async Task<Results<Accepted<HttpManagementPayload>, ProblemHttpResult>> StartAsync(
        string name, string? instanceId, HttpRequest request, DurableTaskRegistry registry, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!registry.OrchestratorNames.Contains(new TaskName(name)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such orchestrator",
                detail: $"No orchestrator named '{name}' is registered.");
        }

        if (instanceId is not null && InstanceIds.Validate(instanceId) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var body = await JsonBody.ReadAsync(request, cancellationToken);
        if (body.Error is { } malformed)
        {
            return Problems.BadRequest(malformed);
        }

        object? input = body.Json is null ? null : JsonSerializer.Deserialize<JsonElement>(body.Json);
        try
        {
            var started = await client.ScheduleNewOrchestrationInstanceAsync(
                name, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return request.CreateCheckStatusResponse(started);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            return Problems.Conflict("The instance already exists", e.Message);
        }
    }
}
