namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>Names one Kubernetes object: <c>{kind, namespace, name}</c>, namespace empty for cluster-scoped kinds.</summary>
public sealed record ResourceRef(string Kind, string Namespace, string Name)
{
    /// <summary>A cluster-scoped object such as a Node.</summary>
    public static ResourceRef ClusterScoped(string kind, string name) => new(kind, "", name);

    /// <summary><c>pod/shop/cart-7d9f-abcde</c> or <c>node/worker-1</c>: the form findings cite as their source.</summary>
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Kind.ToLowerInvariant()}/{Name}" : $"{Kind.ToLowerInvariant()}/{Namespace}/{Name}";
}
