using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>
/// The authorizer's view of a request, worked out from its path as the API server's <c>RequestInfoFactory</c> does:
/// <c>/api/v1</c> or <c>/apis/{group}/{version}</c>, then <c>namespaces/{ns}</c>, the resource, its name and subresource.
/// </summary>
internal static class RequestAttributes
{
    public static SandboxRequest Describe(HttpRequest request, int statusCode)
    {
        var path = request.Path.Value ?? "/";
        var recorded = new SandboxRequest(request.Method, path, request.QueryString.Value?.TrimStart('?') ?? "", statusCode)
        {
            DryRun = request.Query.ContainsKey("dryRun"),
        };
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        int rest;
        if (parts is ["api", _, _, ..])
        {
            (group, rest) = ("", 2);
        }
        else if (parts is ["apis", _, _, _, ..])
        {
            (group, rest) = (parts[1], 3);
        }
        else
        {
            return recorded;
        }

        var segments = parts[rest..];
        string? ns = null;
        if (segments is ["namespaces", _, ..])
        {
            ns = segments[1];
            if (segments.Length > 2)
            {
                segments = segments[2..];
            }
        }

        var resource = segments[0];
        var name = segments.Length > 1 ? segments[1] : null;
        var subresource = segments.Length > 2 ? segments[2] : null;
        var verb = request.Method switch
        {
            "GET" or "HEAD" when name is not null => "get",
            "GET" or "HEAD" => IsWatch(request) ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is not null => "delete",
            "DELETE" => "deletecollection",
            _ => request.Method.ToLowerInvariant(),
        };
        return recorded with
        {
            Verb = verb,
            Resource = subresource is null ? resource : resource + "/" + subresource,
            ApiGroup = group,
            Namespace = ns,
            Name = name,
        };
    }

    private static bool IsWatch(HttpRequest request) =>
        request.Query.TryGetValue("watch", out var values) && values.Count > 0 && (values[0] == "1" || string.Equals(values[0], "true", StringComparison.OrdinalIgnoreCase));
}
