using System.Threading.RateLimiting;
using Azure.Data.Tables;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Audit;
using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Records;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Functions.Durable;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Approval;

public static class ApprovalServiceExtensions
{
    /// <summary>
    /// Approval of proposed fixes: its settings (<c>Approval</c>), the product's record tables next to the task hub
    /// (<c>{hub}Audit</c>, <c>{hub}Approvals</c>, …; in memory when storage is), the audit trail, the signing key and
    /// the signed links, the link checks of the approval page, and the approval and audit activities.
    /// </summary>
    public static WebApplicationBuilder AddApproval(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<ApprovalOptions>(ApprovalOptions.SectionName);
        services.AddSingleton<IValidateOptions<ApprovalOptions>, EscalationChannelsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecordTables>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var hub = provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHubName;
            return storage.Kind == StorageKind.InMemory
                ? new InMemoryRecordTables(provider.GetRequiredService<TimeProvider>())
                : new AzureRecordTables(new TableServiceClient(storage.ConnectionString), hub);
        });
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<ApprovalStore>();
        services.TryAddSingleton(provider => ApprovalSigningKey.Load(
            provider.GetRequiredService<IOptions<ApprovalOptions>>(), provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApprovalSigningKey))));
        services.TryAddSingleton<ApprovalBaseUrl>();
        services.TryAddSingleton<IApprovalLinks>(provider =>
        {
            var baseUrl = provider.GetRequiredService<ApprovalBaseUrl>();
            return new ApprovalLinkFactory(provider.GetRequiredService<ApprovalTokens>(), baseUrl.Get);
        });
        services.TryAddSingleton<ApprovalGate>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ApprovalEndpoints.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<ApprovalOptions>>().Value.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests to approval pages",
                    detail: "This address opened approval pages too often; wait a minute (Approval:RequestsPerMinute).").ExecuteAsync(context.HttpContext);
            };
        });
        services.AddDurableTasks(registry => registry
            .AddActivity<OpenApproval>()
            .AddActivity<CloseApproval>()
            .AddActivity<ConfirmDecision>()
            .AddActivity<WriteAudit>());
        return builder;
    }
}
