using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Management;

/// <summary>The answer to a purge, with Durable Functions' field name.</summary>
public sealed record PurgeHistoryResponse(int InstancesDeleted);

/// <summary>DELETE one instance's history, or every finished instance matching filters.</summary>
internal static class PurgeEndpoints
{
    /// <summary>200 <c>{"instancesDeleted":1}</c>; 404 unknown; 409 while the instance still runs (terminate it first).</summary>
    public static async Task<Results<Ok<PurgeHistoryResponse>, ProblemHttpResult>> PurgeOneAsync(
        string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (InstanceIds.Validate(instanceId) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var instance = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return Problems.NotFound(instanceId);
        }

        if (!instance.IsCompleted)
        {
            return Problems.Conflict("The instance is still running",
                $"Orchestration instance '{instanceId}' is {instance.RuntimeStatus}; terminate it before purging its history.");
        }

        var result = await client.PurgeInstanceAsync(instanceId, cancellationToken);
        return result.PurgedInstanceCount == 0 ? Problems.NotFound(instanceId) : TypedResults.Ok(new PurgeHistoryResponse(result.PurgedInstanceCount));
    }

    /// <summary>
    /// Purges finished instances filtered by <c>createdTimeFrom</c>, <c>createdTimeTo</c> and <c>runtimeStatus</c>
    /// (default: every finished status). 200 with the count, 404 when nothing matched, as Durable Functions answers.
    /// </summary>
    public static async Task<Results<Ok<PurgeHistoryResponse>, ProblemHttpResult>> PurgeManyAsync(
        HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query);
        var statuses = reader.Statuses("runtimeStatus");
        var from = reader.Time("createdTimeFrom");
        var to = reader.Time("createdTimeTo");
        if (reader.Error is { } malformed)
        {
            return Problems.BadRequest(malformed);
        }

        if (statuses?.Where(s => !s.IsTerminal()).Select(s => (OrchestrationRuntimeStatus?)s).FirstOrDefault() is { } running)
        {
            return Problems.BadRequest($"Query parameter 'runtimeStatus' includes {running}; only finished instances (Completed, Failed, Terminated, Canceled) can be purged.");
        }

        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to, statuses), cancellationToken);
        return result.PurgedInstanceCount == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to purge", detail: "No finished instance matches the filters.")
            : TypedResults.Ok(new PurgeHistoryResponse(result.PurgedInstanceCount));
    }
}
