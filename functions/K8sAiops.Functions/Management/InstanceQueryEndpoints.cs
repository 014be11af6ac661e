using Azure;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Management;

/// <summary>GET one instance's status, and GET the list of instances.</summary>
internal static class InstanceQueryEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";
    private const int DefaultPageSize = 100;

    /// <summary>202 + <c>Location</c> while the instance may still change, 200 once it finished (500 for a failure when asked), 404 unknown.</summary>
    public static async Task<Results<Ok<OrchestrationStatusResponse>, Accepted<OrchestrationStatusResponse>, JsonHttpResult<OrchestrationStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string instanceId, HttpRequest request, DurableTaskClient client, ManagementUrls urls, CancellationToken cancellationToken)
    {
        if (InstanceIds.Validate(instanceId) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var query = new QueryReader(request.Query);
        var showHistory = query.Flag("showHistory", false);
        var showHistoryOutput = query.Flag("showHistoryOutput", false);
        var showInput = query.Flag("showInput", true);
        var failureIs500 = query.Flag("returnInternalServerErrorOnFailure", false);
        if (query.Error is { } malformed)
        {
            return Problems.BadRequest(malformed);
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Problems.NotFound(instanceId);
        }

        var body = OrchestrationStatusResponse.From(instance, showInput);
        if (showHistory)
        {
            var history = await client.GetHistoryAsync(instanceId, cancellationToken);
            body = body with { HistoryEvents = HistoryFormatter.Format(history, showHistoryOutput) };
        }

        if (!instance.IsCompleted)
        {
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Accepted(urls.StatusUri(request, instanceId), body);
        }

        return instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && failureIs500
            ? TypedResults.Json(body, statusCode: StatusCodes.Status500InternalServerError)
            : TypedResults.Ok(body);
    }

    /// <summary>A page of instances; the next page's token comes back in the <c>x-ms-continuation-token</c> header.</summary>
    public static async Task<Results<Ok<List<OrchestrationStatusResponse>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query);
        var statuses = reader.Statuses("runtimeStatus");
        var from = reader.Time("createdTimeFrom");
        var to = reader.Time("createdTimeTo");
        var top = reader.PositiveInt("top");
        var showInput = reader.Flag("showInput", false);
        var prefix = reader.Text("instanceIdPrefix");
        if (reader.Error is { } malformed)
        {
            return Problems.BadRequest(malformed);
        }

        var token = request.Headers[ContinuationHeader].ToString();
        OrchestrationPage page;
        try
        {
            page = await client.QueryInstancesAsync(
                new OrchestrationQuery
                {
                    Statuses = statuses,
                    CreatedFrom = from,
                    CreatedTo = to,
                    InstanceIdPrefix = prefix,
                    PageSize = top ?? DefaultPageSize,
                    ContinuationToken = token.Length == 0 ? null : token,
                    FetchInputsAndOutputs = true,
                },
                cancellationToken);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or RequestFailedException { Status: 400 })
        {
            return Problems.BadRequest($"Header '{ContinuationHeader}' does not hold a continuation token this API handed out.");
        }

        if (page.ContinuationToken is { } next)
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Ok(page.Values.Select(i => OrchestrationStatusResponse.From(i, showInput)).ToList());
    }
}
