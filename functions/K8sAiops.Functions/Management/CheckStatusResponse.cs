using K8sAiops.Durable.Storage.AzureStorage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using K8sAiops.Functions.Durable;

namespace K8sAiops.Functions.Management;

/// <summary>The body of a check-status response, with Durable Functions' field names.</summary>
public sealed record HttpManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string SuspendPostUri,
    string ResumePostUri);

/// <summary>Builds the management API's URLs for an instance, as Durable Functions hands them out.</summary>
public sealed class ManagementUrls(IOptions<AzureStorageOptions> durable, FunctionKeys keys)
{
    public const string InstancesPath = "/runtime/webhooks/durabletask/instances";

    /// <summary><c>{base}/runtime/webhooks/durabletask/instances/{id}?taskHub={hub}&amp;connection=Storage&amp;code={key}</c>.</summary>
    public string StatusUri(HttpRequest request, string instanceId) => Uri(request, instanceId, string.Empty, string.Empty);

    /// <summary>The status URL without <c>code</c>, for links that leave the host (chat cards): following it takes a key of one's own.</summary>
    public string StatusUriWithoutKey(HttpRequest request, string instanceId) => Uri(request, instanceId, string.Empty, string.Empty, withKey: false);

    public HttpManagementPayload Payload(HttpRequest request, string instanceId) => new(
        instanceId,
        StatusUri(request, instanceId),
        Uri(request, instanceId, "/raiseEvent/{eventName}", string.Empty),
        Uri(request, instanceId, "/terminate", "reason={text}&"),
        StatusUri(request, instanceId),
        Uri(request, instanceId, "/suspend", "reason={text}&"),
        Uri(request, instanceId, "/resume", "reason={text}&"));

    private string Uri(HttpRequest request, string instanceId, string action, string leadingQuery, bool withKey = true)
        => $"{request.Scheme}://{request.Host}{request.PathBase}{InstancesPath}/{System.Uri.EscapeDataString(instanceId)}{action}" +
           $"?{leadingQuery}taskHub={System.Uri.EscapeDataString(durable.Value.TaskHubName)}&connection=Storage" +
           (withKey ? $"&code={System.Uri.EscapeDataString(keys.DefaultKey)}" : "");
}

public static class CheckStatusResponseExtensions
{
    /// <summary>
    /// What an HTTP starter answers after starting <paramref name="instanceId"/> (Durable Functions'
    /// <c>CreateCheckStatusResponse</c>): 202, <c>Location</c> = the status URL, <c>Retry-After: 10</c>,
    /// and the management URLs in the body.
    /// </summary>
    public static Accepted<HttpManagementPayload> CreateCheckStatusResponse(this HttpRequest request, string instanceId)
    {
        var urls = request.HttpContext.RequestServices.GetRequiredService<ManagementUrls>();
        request.HttpContext.Response.Headers.RetryAfter = "10";
        var payload = urls.Payload(request, instanceId);
        return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
    }
}
