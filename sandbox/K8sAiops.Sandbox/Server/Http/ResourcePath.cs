using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>
/// A request path that names a resource: <c>/api/v1/namespaces/{ns}/{plural}[/{name}[/{subresource}]]</c>,
/// <c>/apis/{group}/{version}/…</c>, or the cluster-wide <c>/{plural}[/{name}[/{subresource}]]</c>.
/// </summary>
/// <param name="Kind">The kind served there.</param>
/// <param name="Namespace">The namespace in the path; null for cluster-scoped kinds and lists across namespaces.</param>
/// <param name="Name">The object's name; null for a collection.</param>
/// <param name="Subresource">e.g. <c>log</c> or <c>scale</c>; null for the object itself.</param>
internal sealed record ResourcePath(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses the segments after <c>/api/v1</c> or <c>/apis/{group}/{version}</c>; null when they do not name a resource
    /// the sandbox serves (the API server answers those with 404).
    /// </summary>
    public static ResourcePath? Parse(string group, string version, IReadOnlyList<string> segments)
    {
        if (segments.Count >= 3 && segments[0] == "namespaces"
            && ResourceKinds.FindByResource(group, segments[2]) is { Namespaced: true } namespacedKind)
        {
            if (segments.Count > 5 || namespacedKind.Version != version || segments[1].Length == 0)
            {
                return null;
            }

            return new ResourcePath(namespacedKind, segments[1], At(segments, 3), At(segments, 4));
        }

        if (segments.Count is 0 or > 3 || ResourceKinds.FindByResource(group, segments[0]) is not { } kind || kind.Version != version)
        {
            return null;
        }

        var name = At(segments, 1);
        return kind.Namespaced && name is not null ? null : new ResourcePath(kind, null, name, At(segments, 2));
    }

    /// <summary>The namespace an object of this path lives in: the path's, or empty for cluster-scoped kinds.</summary>
    public string ObjectNamespace => Kind.Namespaced ? Namespace ?? "" : "";

    private static string? At(IReadOnlyList<string> segments, int index) =>
        index < segments.Count && segments[index].Length > 0 ? segments[index] : null;
}
