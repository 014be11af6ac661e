namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// Every kind of <c>cluster-snapshot-format.md</c>: the ones <c>kubectl cluster-info dump</c> writes
/// and the extra files the project also reads.
/// </summary>
public static class ResourceKinds
{
    public static readonly ResourceKind Node = new("Node", "nodes", "", "v1", false, "nodes.json", "no");
    public static readonly ResourceKind Namespace = new("Namespace", "namespaces", "", "v1", false, "namespaces.json", "ns");
    public static readonly ResourceKind PersistentVolume = new("PersistentVolume", "persistentvolumes", "", "v1", false, "persistentvolumes.json", "pv");
    public static readonly ResourceKind StorageClass = new("StorageClass", "storageclasses", "storage.k8s.io", "v1", false, "storageclasses.json", "sc");
    public static readonly ResourceKind ClusterRoleBinding = new("ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", false, "clusterrolebindings.json");

    public static readonly ResourceKind Event = new("Event", "events", "", "v1", true, "events.json", "ev");
    public static readonly ResourceKind Pod = new("Pod", "pods", "", "v1", true, "pods.json", "po");
    public static readonly ResourceKind Service = new("Service", "services", "", "v1", true, "services.json", "svc");
    public static readonly ResourceKind ReplicationController = new("ReplicationController", "replicationcontrollers", "", "v1", true, "replication-controllers.json", "rc");
    public static readonly ResourceKind Endpoints = new("Endpoints", "endpoints", "", "v1", true, "endpoints.json", "ep");
    public static readonly ResourceKind PersistentVolumeClaim = new("PersistentVolumeClaim", "persistentvolumeclaims", "", "v1", true, "persistentvolumeclaims.json", "pvc");
    public static readonly ResourceKind ConfigMap = new("ConfigMap", "configmaps", "", "v1", true, "configmaps.json", "cm");
    public static readonly ResourceKind Secret = new("Secret", "secrets", "", "v1", true, "secrets.json");
    public static readonly ResourceKind ResourceQuota = new("ResourceQuota", "resourcequotas", "", "v1", true, "resourcequotas.json", "quota");
    public static readonly ResourceKind ServiceAccount = new("ServiceAccount", "serviceaccounts", "", "v1", true, "serviceaccounts.json", "sa");

    public static readonly ResourceKind Deployment = new("Deployment", "deployments", "apps", "v1", true, "deployments.json", "deploy");
    public static readonly ResourceKind ReplicaSet = new("ReplicaSet", "replicasets", "apps", "v1", true, "replicasets.json", "rs");
    public static readonly ResourceKind DaemonSet = new("DaemonSet", "daemonsets", "apps", "v1", true, "daemonsets.json", "ds");
    public static readonly ResourceKind StatefulSet = new("StatefulSet", "statefulsets", "apps", "v1", true, "statefulsets.json", "sts");

    public static readonly ResourceKind Job = new("Job", "jobs", "batch", "v1", true, "jobs.json");
    public static readonly ResourceKind CronJob = new("CronJob", "cronjobs", "batch", "v1", true, "cronjobs.json", "cj");

    public static readonly ResourceKind Ingress = new("Ingress", "ingresses", "networking.k8s.io", "v1", true, "ingresses.json", "ing");
    public static readonly ResourceKind NetworkPolicy = new("NetworkPolicy", "networkpolicies", "networking.k8s.io", "v1", true, "networkpolicies.json", "netpol");
    public static readonly ResourceKind HorizontalPodAutoscaler = new("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2", true, "horizontalpodautoscalers.json", "hpa");
    public static readonly ResourceKind PodDisruptionBudget = new("PodDisruptionBudget", "poddisruptionbudgets", "policy", "v1", true, "poddisruptionbudgets.json", "pdb");
    public static readonly ResourceKind RoleBinding = new("RoleBinding", "rolebindings", "rbac.authorization.k8s.io", "v1", true, "rolebindings.json");

    /// <summary>All kinds, cluster-scoped first.</summary>
    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        Node, Namespace, PersistentVolume, StorageClass, ClusterRoleBinding,
        Event, Pod, Service, ReplicationController, Endpoints, PersistentVolumeClaim, ConfigMap, Secret, ResourceQuota, ServiceAccount,
        Deployment, ReplicaSet, DaemonSet, StatefulSet,
        Job, CronJob,
        Ingress, NetworkPolicy, HorizontalPodAutoscaler,
        PodDisruptionBudget, RoleBinding,
    ];

    private static readonly Dictionary<string, ResourceKind> ByKindName = All.ToDictionary(k => k.Kind, StringComparer.Ordinal);
    private static readonly Dictionary<string, ResourceKind> ByFile = All.ToDictionary(k => k.FileName, StringComparer.Ordinal);
    private static readonly Dictionary<(string Group, string Plural), ResourceKind> ByResource = All.ToDictionary(k => (k.Group, k.Plural));

    /// <summary>The kind named <paramref name="kind"/> (e.g. <c>Pod</c>), or null when the sandbox does not know it.</summary>
    public static ResourceKind? FindByKind(string kind) => ByKindName.GetValueOrDefault(kind);

    /// <summary>The kind stored in a snapshot file called <paramref name="fileName"/> (e.g. <c>pods.json</c>), or null.</summary>
    public static ResourceKind? FindByFileName(string fileName) => ByFile.GetValueOrDefault(fileName);

    /// <summary>The kind served at <c>/apis/{group}/{version}/{plural}</c> (group empty for <c>/api/v1</c>), or null.</summary>
    public static ResourceKind? FindByResource(string group, string plural) => ByResource.GetValueOrDefault((group, plural));
}
