namespace K8sAiops.Sandbox.Synthetic;

/// <summary>Where and when a fault happens.</summary>
public sealed record FaultOptions
{
    /// <summary>The snapshot's moment (the same <c>Now</c> the cluster was generated with); the fault began 40 minutes before it.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// The namespace the fault's workloads live in. <value>Default: the first application namespace (not default,
    /// kube-*, or monitoring), else the namespace of the first Deployment, else <c>default</c>.</value>
    /// </summary>
    public string? Namespace { get; init; }
}
