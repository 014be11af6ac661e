namespace K8sAiops.Sandbox.Server;

/// <summary>
/// One request the sandbox answered, as recorded in <see cref="SandboxServer.Requests"/>: the raw method, path and query,
/// and the attributes the API server's authorizer sees (as in its <c>RequestInfo</c>), so that RBAC rules can be checked
/// against what a client really did.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="Path">The request path, e.g. <c>/api/v1/namespaces/shop/pods</c>.</param>
/// <param name="Query">The query string without the leading <c>?</c> (empty when none), still URL-encoded.</param>
/// <param name="StatusCode">The HTTP status of the answer.</param>
public sealed record SandboxRequest(string Method, string Path, string Query, int StatusCode)
{
    /// <summary>
    /// The RBAC verb: <c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>
    /// or <c>deletecollection</c> for a resource; the lower-case HTTP method for other paths (<c>/version</c>, <c>/api</c>…).
    /// </summary>
    public string Verb { get; init; } = Method.ToLowerInvariant();

    /// <summary>Whether the path names a resource (<c>/api/v1/…</c> or <c>/apis/{group}/{version}/…</c> below discovery).</summary>
    public bool IsResourceRequest => Resource is not null;

    /// <summary>The resource as RBAC rules name it: the plural, with the subresource after a slash (<c>deployments/scale</c>, <c>pods/log</c>); null for other paths.</summary>
    public string? Resource { get; init; }

    /// <summary>The API group: empty for the core group, e.g. <c>apps</c>; null for other paths.</summary>
    public string? ApiGroup { get; init; }

    /// <summary>The namespace in the path; null for cluster-scoped resources, lists across namespaces and other paths.</summary>
    public string? Namespace { get; init; }

    /// <summary>The object's name in the path; null for collections and other paths.</summary>
    public string? Name { get; init; }

    /// <summary>Whether the request carried <c>dryRun</c> (a write answered as if done, nothing stored).</summary>
    public bool DryRun { get; init; }

    /// <summary>Equal when method, path, query and status are: the other properties follow from those.</summary>
    public bool Equals(SandboxRequest? other) =>
        other is not null && Method == other.Method && Path == other.Path && Query == other.Query && StatusCode == other.StatusCode;

    public override int GetHashCode() => HashCode.Combine(Method, Path, Query, StatusCode);
}
