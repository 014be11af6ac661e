using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>What to embed in each Table row (<c>includeObject</c>): nothing, the object's metadata (default), or the object.</summary>
internal enum IncludeObject
{
    None,
    Metadata,
    Object,
}

/// <summary>
/// A request for a <c>meta.k8s.io</c> Table, as kubectl makes one with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json</c>.
/// The first media range of the Accept header that the server can produce wins.
/// </summary>
internal sealed record TableRequest(string Version, IncludeObject Include)
{
    /// <summary>The Table the request asks for, or null when it wants the plain object or list.</summary>
    public static TableRequest? From(HttpRequest request)
    {
        foreach (var range in request.Headers.Accept.SelectMany(h => (h ?? "").Split(',')))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] is not ("application/json" or "*/*" or "application/*"))
            {
                continue;
            }

            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            if (!parameters.TryGetValue("as", out var @as))
            {
                return null;
            }

            if (@as == "Table" && parameters.GetValueOrDefault("g") == "meta.k8s.io"
                && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
            {
                var include = request.Query["includeObject"].ToString() switch
                {
                    "None" => IncludeObject.None,
                    "Object" => IncludeObject.Object,
                    _ => IncludeObject.Metadata,
                };
                return new TableRequest(parameters["v"], include);
            }
        }

        return null;
    }
}
