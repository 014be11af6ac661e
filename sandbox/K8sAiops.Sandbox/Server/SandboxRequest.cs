namespace K8sAiops.Sandbox.Server;

/// <summary>One request the sandbox answered, as recorded in <see cref="SandboxServer.Requests"/>.</summary>
/// <param name="Method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="Path">The request path, e.g. <c>/api/v1/namespaces/shop/pods</c>.</param>
/// <param name="Query">The query string without the leading <c>?</c> (empty when none), still URL-encoded.</param>
/// <param name="StatusCode">The HTTP status of the answer.</param>
public sealed record SandboxRequest(string Method, string Path, string Query, int StatusCode);
