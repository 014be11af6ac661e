namespace K8sAiops.Sandbox.Synthetic;

/// <summary>A Kubernetes object named as the diagnosis taxonomy names culprits: kind, namespace (empty when cluster-scoped), name.</summary>
public sealed record ResourceRef(string Kind, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
