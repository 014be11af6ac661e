using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Management;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Alerts;

/// <summary>
/// <c>POST /api/alerts</c>: Alertmanager's webhook receiver. One orchestration per alert group; the same firing group
/// posted again reaches the running instance as an event (or is answered as existing) instead of starting another;
/// a resolved notification is recorded beside the group's diagnosis. Keyed like every HTTP trigger
/// (<c>?code=</c> in the receiver URL, or the <c>x-functions-key</c> header).
/// </summary>
public static class AlertEndpoints
{
    public const string RepeatedEvent = "AlertGroupRepeated";
    public const string ResolvedEvent = "AlertGroupResolved";
    public const string ResolutionName = "resolved.json";

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api")
            .WithTags("Alerts")
            .AddEndpointFilter<FunctionKeyFilter>()
            .MapPost("/alerts", ReceiveAsync);
        return app;
    }

    private static async Task<Results<Accepted<HttpManagementPayload>, Ok<AlertReceipt>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, DurableTaskClient client, IOptions<AlertOptions> options, IOptions<KubernetesOptions> kubernetes,
        IOptions<ApprovalOptions> approval, IOptions<RemediationOptions> remediation,
        ManagementUrls urls, IReportStore reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await WebhookReader.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (read.Webhook is not { } webhook)
        {
            return TypedResults.Problem(statusCode: read.Status,
                title: read.Status == StatusCodes.Status413PayloadTooLarge ? "The webhook body is too large" : "The webhook body is malformed",
                detail: read.Problem);
        }

        var instanceId = AlertGroupIds.For(webhook);
        var alerts = webhook.Alerts.Select(ToAlertInfo).ToList();
        var existing = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);

        if (alerts.TrueForAll(a => a.Status == "resolved"))
            return await RecordResolutionAsync(client, reports, instanceId, existing, webhook, time, cancellationToken);

        if (existing is null)
        {
            var context = webhook.CommonLabels.GetValueOrDefault(kubernetes.Value.ClusterLabel);
            var input = new DiagnoseAlertRequest(webhook.GroupKey, alerts, context, urls.StatusUriWithoutKey(request, instanceId),
                Settings(approval.Value, remediation.Value), DiagnoseOnly: !remediation.Value.Enabled);
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(DiagnoseAlertOrchestration), input, new StartOrchestrationOptions(instanceId), cancellationToken);
                return request.CreateCheckStatusResponse(instanceId);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // The same group arrived twice at once; the other request started it.
                existing = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);
            }
        }

        if (existing is { IsRunning: true })
            await client.RaiseEventAsync(instanceId, RepeatedEvent, new { alerts = alerts.Count }, cancellationToken);
        request.HttpContext.Response.Headers["K8sAiops-Existing-Instance"] = "true";
        return request.CreateCheckStatusResponse(instanceId);
    }

    /// <summary>The approval and verification settings the instance keeps for its whole life.</summary>
    public static RemediationSettings Settings(ApprovalOptions approval, RemediationOptions remediation) => new(
        approval.Timeout, approval.ReminderAfter, approval.OnTimeout.ToString(), [.. approval.EscalateTo],
        remediation.VerifyTimeout, remediation.VerifyInterval);

    private static async Task<Results<Accepted<HttpManagementPayload>, Ok<AlertReceipt>, ProblemHttpResult>> RecordResolutionAsync(
        DurableTaskClient client, IReportStore reports, string instanceId, OrchestrationMetadata? existing, AlertmanagerWebhook webhook,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (existing is null)
            return TypedResults.Ok(new AlertReceipt(instanceId, false, "No diagnosis exists for this alert group; nothing was started."));

        var resolvedAt = webhook.Alerts.Max(a => a.EndsAt) is var ends && ends > DateTimeOffset.UnixEpoch ? ends : time.GetUtcNow();
        var record = new { instanceId, groupKey = webhook.GroupKey, resolvedAt, alerts = webhook.Alerts.Select(a => a.Fingerprint) };
        await reports.SaveAsync(instanceId, ResolutionName, "application/json", System.Text.Json.JsonSerializer.Serialize(record), cancellationToken);
        if (existing.IsRunning)
            await client.RaiseEventAsync(instanceId, ResolvedEvent, record, cancellationToken);
        return TypedResults.Ok(new AlertReceipt(instanceId, true, $"Resolved at {resolvedAt:u}; recorded beside the diagnosis."));
    }

    internal static AlertInfo ToAlertInfo(AlertmanagerAlert alert) => new(
        alert.Status, alert.Labels, alert.Annotations, alert.StartsAt,
        alert.EndsAt > DateTimeOffset.UnixEpoch ? alert.EndsAt : null, alert.Fingerprint);
}

/// <summary>The answer to a resolved notification.</summary>
public sealed record AlertReceipt(string InstanceId, bool Recorded, string Detail);
