using System.Text.Json;
using K8sAiops.Durable.Client;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K8sAiops.Functions.Management;

/// <summary>raiseEvent, terminate, suspend and resume: 202 accepted, 404 unknown, 410 finished, 400 malformed.</summary>
internal static class InstanceControlEndpoints
{
    public static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (InstanceIds.Validate(instanceId) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        if (string.IsNullOrWhiteSpace(eventName))
        {
            return Problems.BadRequest("The event name is empty.");
        }

        var body = await JsonBody.ReadAsync(request, cancellationToken);
        if (body.Error is { } malformed)
        {
            return Problems.BadRequest(malformed);
        }

        return await SendAsync(instanceId, () => client.RaiseEventRawAsync(instanceId, eventName, body.Json, cancellationToken));
    }

    public static Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string instanceId, string? reason, DurableTaskClient client, CancellationToken cancellationToken)
        => ValidatedAsync(instanceId, () => client.TerminateInstanceAsync(instanceId, reason, cancellationToken));

    public static Task<Results<Accepted, ProblemHttpResult>> SuspendAsync(
        string instanceId, string? reason, DurableTaskClient client, CancellationToken cancellationToken)
        => ValidatedAsync(instanceId, () => client.SuspendInstanceAsync(instanceId, reason, cancellationToken));

    public static Task<Results<Accepted, ProblemHttpResult>> ResumeAsync(
        string instanceId, string? reason, DurableTaskClient client, CancellationToken cancellationToken)
        => ValidatedAsync(instanceId, () => client.ResumeInstanceAsync(instanceId, reason, cancellationToken));

    private static async Task<Results<Accepted, ProblemHttpResult>> ValidatedAsync(string instanceId, Func<Task> send)
        => InstanceIds.Validate(instanceId) is { } invalid ? Problems.BadRequest(invalid) : await SendAsync(instanceId, send);

    private static async Task<Results<Accepted, ProblemHttpResult>> SendAsync(string instanceId, Func<Task> send)
    {
        try
        {
            await send();
            return TypedResults.Accepted((string?)null);
        }
        catch (OrchestrationNotFoundException)
        {
            return Problems.NotFound(instanceId);
        }
        catch (OrchestrationFinishedException e)
        {
            return Problems.Gone(instanceId, e.Status);
        }
    }
}

/// <summary>A request body that must be JSON when present; an empty body means no payload.</summary>
internal readonly record struct JsonBody(string? Json, string? Error)
{
    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonBody(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return new JsonBody(document.RootElement.GetRawText(), null);
        }
        catch (JsonException e)
        {
            return new JsonBody(null, $"The request body is not JSON ({e.Message}). Send a JSON value, e.g. {{\"approved\":true}} or \"text\".");
        }
    }
}
