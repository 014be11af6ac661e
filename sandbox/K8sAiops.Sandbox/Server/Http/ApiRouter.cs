using System.Text.Json;
using K8sAiops.Sandbox.Server.Discovery;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Logs;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Server.Scale;
using K8sAiops.Sandbox.Server.Store;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>
/// Routes every request as the API server lays out its paths: <c>/version</c>, discovery under <c>/api</c> and
/// <c>/apis</c>, resources below them, health checks; anything else is a 404 <c>Status</c>. Failures thrown while
/// handling become <c>v1 Status</c> bodies.
/// </summary>
internal sealed class ApiRouter(SandboxState state)
{
    private readonly ObjectEndpoints objects = new(state);
    private readonly ScaleEndpoint scale = new(state);
    private readonly PodLogEndpoint logs = new(state);
    private readonly MetricsEndpoint metrics = new(state);

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            await RouteAsync(http);
        }
        catch (ApiException e)
        {
            await Responses.FailureAsync(http, e.Status);
        }
        catch (JsonException e)
        {
            await Responses.FailureAsync(http, ApiErrors.BadRequest("the request body is not valid JSON: " + e.Message).Status);
        }
        catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
        {
            await Responses.FailureAsync(http, new ApiStatus(500, "InternalError", "Internal error occurred: " + e.Message,
                new StatusDetails(Causes: [new StatusCause(null, e.Message, null)])));
        }
    }

    private Task RouteAsync(HttpContext http)
    {
        var segments = (http.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return Responses.JsonAsync(http, 200, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("paths");
                foreach (var p in new[] { "/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version" })
                {
                    json.WriteStringValue(p);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        switch (segments[0])
        {
            case "version" when segments.Length == 1:
                return Responses.JsonAsync(http, 200, VersionDocument.Write);
            case "healthz" or "livez" or "readyz" when segments.Length == 1:
                return Responses.TextAsync(http, 200, "ok");
            case "metrics" when segments.Length <= 2:
                return metrics.HandleAsync(http, segments.Length == 2 ? segments[1] : null);
            case "openapi" when segments is ["openapi", "v2"]:
                return OpenApiV2Async(http);
            case "api":
                return CoreAsync(http, segments);
            case "apis":
                return GroupsAsync(http, segments);
            default:
                throw ApiErrors.UnknownPath();
        }
    }

    private static async Task OpenApiV2Async(HttpContext http)
    {
        if (!http.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal))
        {
            await Responses.JsonAsync(http, 200, OpenApiV2Document.Json);
            return;
        }

        var bytes = OpenApiV2Document.Protobuf();
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private Task CoreAsync(HttpContext http, string[] segments)
    {
        if (segments.Length == 1)
        {
            return Responses.JsonAsync(http, 200, json => DiscoveryDocuments.WriteApiVersions(json, $"{http.Request.Host.Host}:{http.Request.Host.Port}"));
        }

        if (segments[1] != "v1")
        {
            throw ApiErrors.UnknownPath();
        }

        return segments.Length == 2
            ? Responses.JsonAsync(http, 200, json => DiscoveryDocuments.WriteResourceList(json, "", "v1"))
            : ResourceAsync(http, "", "v1", segments[2..]);
    }

    private Task GroupsAsync(HttpContext http, string[] segments)
    {
        if (segments.Length == 1)
        {
            return Responses.JsonAsync(http, 200, DiscoveryDocuments.WriteGroupList);
        }

        var group = segments[1];
        var served = DiscoveryDocuments.Groups.FirstOrDefault(g => g.Group == group);
        if (served.Group is null)
        {
            throw ApiErrors.UnknownPath();
        }

        if (segments.Length == 2)
        {
            return Responses.JsonAsync(http, 200, json => DiscoveryDocuments.WriteGroup(json, served.Group, served.Version));
        }

        if (segments[2] != served.Version)
        {
            throw ApiErrors.UnknownPath();
        }

        return segments.Length == 3
            ? Responses.JsonAsync(http, 200, json => DiscoveryDocuments.WriteResourceList(json, group, served.Version))
            : ResourceAsync(http, group, served.Version, segments[3..]);
    }

    private Task ResourceAsync(HttpContext http, string group, string version, string[] rest)
    {
        var path = ResourcePath.Parse(group, version, rest) ?? throw ApiErrors.UnknownPath();
        return path.Subresource switch
        {
            null => objects.HandleAsync(http, path),
            "log" when path.Kind.Kind == "Pod" => logs.HandleAsync(http, path),
            "scale" when KindTraits.HasScale(path.Kind) => scale.HandleAsync(http, path),
            _ => throw ApiErrors.UnknownPath(),
        };
    }
}
