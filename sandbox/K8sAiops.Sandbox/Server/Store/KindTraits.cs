using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Store;

/// <summary>How the API server treats each kind beyond where it lives: generation, status and what a delete returns.</summary>
internal static class KindTraits
{
    private static readonly HashSet<string> WithGeneration =
    [
        "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "ReplicationController",
        "Ingress", "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget",
    ];

    private static readonly HashSet<string> WithStatusSubresource =
    [
        "Pod", "Node", "Namespace", "Service", "PersistentVolume", "PersistentVolumeClaim", "ReplicationController",
        "ResourceQuota", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "Ingress",
        "HorizontalPodAutoscaler", "PodDisruptionBudget",
    ];

    private static readonly HashSet<string> Scalable = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"];

    /// <summary>Whether <c>metadata.generation</c> is set at create and advanced by every spec change.</summary>
    public static bool HasGeneration(ResourceKind kind) => WithGeneration.Contains(kind.Kind);

    /// <summary>Whether <c>status</c> belongs to a <c>/status</c> subresource, so that updates of the object itself keep the stored status.</summary>
    public static bool HasStatusSubresource(ResourceKind kind) => WithStatusSubresource.Contains(kind.Kind);

    /// <summary>Whether the kind has a <c>/scale</c> subresource.</summary>
    public static bool HasScale(ResourceKind kind) => Scalable.Contains(kind.Kind);

    /// <summary>Whether a delete answers with the deleted object (pods) rather than a <c>Status</c> of success.</summary>
    public static bool DeleteReturnsObject(ResourceKind kind) => kind.Kind == "Pod";

    /// <summary>kubectl's <c>all</c> category.</summary>
    public static bool InCategoryAll(ResourceKind kind) => kind.Kind is "Pod" or "Service" or "ReplicationController" or "Deployment"
        or "ReplicaSet" or "DaemonSet" or "StatefulSet" or "Job" or "CronJob";
}
