namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// An image the registry does not have: a container with exactly this image waits in ImagePullBackOff (events
/// <c>Failed to pull image</c>, <c>Error: ErrImagePull</c>, <c>Back-off pulling image</c>); any other image is pulled.
/// </summary>
/// <param name="Image">The image reference as the pod spec writes it, e.g. <c>registry.example.com/shop/web:2.31.0</c>.</param>
public sealed record BadImage(string Image)
{
    /// <summary>The pod's namespace (e.g. when only that namespace lacks the pull secret); null for any.</summary>
    public string? Namespace { get; init; }

    /// <summary>Where the entry comes from, for people reading the fault file.</summary>
    public string? Note { get; init; }
}
