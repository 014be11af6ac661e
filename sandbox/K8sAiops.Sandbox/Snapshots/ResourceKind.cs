namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// One Kubernetes kind the sandbox knows: where it lives in the REST API and in a snapshot.
/// </summary>
/// <param name="Kind">The object kind, e.g. <c>Deployment</c>.</param>
/// <param name="Plural">The REST resource name, e.g. <c>deployments</c>.</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The served version, e.g. <c>v1</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="FileName">The snapshot file holding the kind's List (in a namespace folder, or at the root when cluster-scoped).</param>
/// <param name="ShortNames">kubectl short names, served in discovery.</param>
public sealed record ResourceKind(
    string Kind,
    string Plural,
    string Group,
    string Version,
    bool Namespaced,
    string FileName,
    params string[] ShortNames)
{
    /// <summary><c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The kind of a list of these objects, e.g. <c>DeploymentList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The singular resource name, e.g. <c>deployment</c>.</summary>
    public string Singular => Kind.ToLowerInvariant();
}
