using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Functions.Durable;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Management;

/// <summary>
/// Durable Functions' URLs name the task hub (<c>taskHub=</c>); this host serves one, so a request
/// for another is refused rather than answered from the wrong hub.
/// </summary>
internal sealed class TaskHubFilter(IOptions<AzureStorageOptions> durable) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var requested = context.HttpContext.Request.Query["taskHub"].ToString();
        var served = durable.Value.TaskHubName;
        if (requested.Length > 0 && !string.Equals(requested, served, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest($"Query parameter 'taskHub' names '{requested}', but this host serves task hub '{served}'.");
        }

        return await next(context);
    }
}
