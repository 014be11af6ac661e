using System.Reflection;
using System.Text.Json.Serialization;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Worker;
using K8sAiops.Functions.Durable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Health;

/// <summary>What <c>GET /health</c> reports.</summary>
public sealed record HealthResponse(
    string Status,
    string TaskHub,
    StorageKind Storage,
    string WorkerId,
    IReadOnlyList<int> OwnedPartitions,
    string Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary><c>GET /health</c>: 200 when the task hub's storage answers, 503 when it does not. No key needed.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Health");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(
        IOrchestrationStore store, DurableTaskWorker worker, IOptions<StorageOptions> storage, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // Any read proves the instance table answers; a missing row is as good an answer as a found one.
            await store.GetInstanceAsync("k8saiops-health-probe", fetchPayloads: false, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            error = e is OperationCanceledException ? $"Storage did not answer within {ProbeTimeout.TotalSeconds:0} s." : e.Message;
            loggers.CreateLogger(typeof(HealthEndpoints).FullName!).LogWarning(e, "Health check: storage of task hub {TaskHub} is unreachable", store.TaskHubName);
        }

        var body = new HealthResponse(
            error is null ? "Healthy" : "Unhealthy",
            store.TaskHubName,
            storage.Value.Kind,
            worker.WorkerId,
            [.. worker.OwnedPartitions.Order()],
            Version,
            error);
        return error is null ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
