namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// The PromQL the metrics inspection runs. Each aggregates to the labels of the object it is about, so a series scraped
/// twice (two Prometheus jobs, a kubelet and a cAdvisor endpoint) counts once. Containers exclude cAdvisor's pod-level
/// cgroup (<c>container=""</c>) and the pause container (<c>container="POD"</c>).
/// </summary>
public static class MetricsQueries
{
    public const string PvcUsed = "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes)";

    public const string PvcCapacity = "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes)";

    public const string ContainerWorkingSet =
        "max by (namespace, pod, container) (container_memory_working_set_bytes{container!=\"\", container!=\"POD\"})";

    /// <summary>Memory limits in bytes and CPU limits in cores, one series per container and resource.</summary>
    public const string ContainerLimits =
        "max by (namespace, pod, container, resource) (kube_pod_container_resource_limits{resource=~\"memory|cpu\"})";

    /// <summary>The share of CFS periods throttled over 5 minutes, as kubernetes-mixin's CPUThrottlingHigh computes it.</summary>
    public const string ContainerCpuThrottled =
        "sum by (namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{container!=\"\", container!=\"POD\"}[5m]))" +
        " / sum by (namespace, pod, container) (increase(container_cpu_cfs_periods_total{container!=\"\", container!=\"POD\"}[5m]))";

    /// <summary>CPU used, in cores, over 5 minutes.</summary>
    public const string ContainerCpuUsage =
        "sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!=\"\", container!=\"POD\"}[5m]))";

    public const string NodeMemoryUsed = "max by (node) (node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)";

    public const string NodeMemoryTotal = "max by (node) (node_memory_MemTotal_bytes)";

    public const string NodeRootUsed =
        "max by (node) (node_filesystem_size_bytes{mountpoint=\"/\"} - node_filesystem_avail_bytes{mountpoint=\"/\"})";

    public const string NodeRootSize = "max by (node) (node_filesystem_size_bytes{mountpoint=\"/\"})";

    /// <summary>The working set of all containers on a node: what its allocatable memory is spent on.</summary>
    public const string NodePodsWorkingSet =
        "sum by (node) (max by (node, namespace, pod, container) (container_memory_working_set_bytes{container!=\"\", container!=\"POD\"}))";

    public const string NodeAllocatableMemory = "max by (node) (kube_node_status_allocatable{resource=\"memory\"})";
}
