using K8sAiops.Activities.Configuration;
using K8sAiops.Functions.Configuration;

namespace K8sAiops.Functions.Management;

/// <summary>The Durable Functions management HTTP API under <c>/runtime/webhooks/durabletask/instances</c>, keyed by function keys.</summary>
public static class ManagementApiExtensions
{
    public static WebApplicationBuilder AddDurableManagementApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<ManagementOptions>(ManagementOptions.Section);
        builder.Services.AddSingleton<FunctionKeys>();
        builder.Services.AddHostedService<FunctionKeysStartup>();
        builder.Services.AddSingleton<ManagementUrls>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDurableManagementApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(ManagementUrls.InstancesPath)
            .WithTags("Durable management API")
            .AddEndpointFilter<FunctionKeyFilter>()
            .AddEndpointFilter<TaskHubFilter>();

        instances.MapGet("/", InstanceQueryEndpoints.ListAsync);
        instances.MapGet("/{instanceId}", InstanceQueryEndpoints.GetStatusAsync);
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", InstanceControlEndpoints.RaiseEventAsync);
        instances.MapPost("/{instanceId}/terminate", InstanceControlEndpoints.TerminateAsync);
        instances.MapPost("/{instanceId}/suspend", InstanceControlEndpoints.SuspendAsync);
        instances.MapPost("/{instanceId}/resume", InstanceControlEndpoints.ResumeAsync);
        instances.MapDelete("/{instanceId}", PurgeEndpoints.PurgeOneAsync);
        instances.MapDelete("/", PurgeEndpoints.PurgeManyAsync);
        return app;
    }
}
