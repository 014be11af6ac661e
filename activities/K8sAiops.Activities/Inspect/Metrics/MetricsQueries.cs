namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// The PromQL the metrics inspection runs. Each aggregates to the labels of the object it is about, so a series scraped
/// twice (two Prometheus jobs, a kubelet and a cAdvisor endpoint) counts once. Containers exclude cAdvisor's pod-level
/// cgroup (<c>container=""</c>) and the pause container (<c>container="POD"</c>). Gauges are read through
/// <c>last_over_time(…[5m])</c>: a scrape that fails (a kubelet slow to answer) marks its series stale, and a bare selector
/// evaluated just then would find no PVC, container or node at all until the next scrape succeeds.
/// </summary>
public static class MetricsQueries
{
    public const string PvcUsed = "max by (namespace, persistentvolumeclaim) (last_over_time(kubelet_volume_stats_used_bytes[5m]))";

    public const string PvcCapacity = "max by (namespace, persistentvolumeclaim) (last_over_time(kubelet_volume_stats_capacity_bytes[5m]))";

    public const string ContainerWorkingSet =
        "max by (namespace, pod, container) (last_over_time(container_memory_working_set_bytes{container!=\"\", container!=\"POD\"}[5m]))";

    /// <summary>Memory limits in bytes and CPU limits in cores, one series per container and resource.</summary>
    public const string ContainerLimits =
        "max by (namespace, pod, container, resource) (last_over_time(kube_pod_container_resource_limits{resource=~\"memory|cpu\"}[5m]))";

    /// <summary>The share of CFS periods throttled over 5 minutes, as kubernetes-mixin's CPUThrottlingHigh computes it.</summary>
    public const string ContainerCpuThrottled =
        "sum by (namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{container!=\"\", container!=\"POD\"}[5m]))" +
        " / sum by (namespace, pod, container) (increase(container_cpu_cfs_periods_total{container!=\"\", container!=\"POD\"}[5m]))";

    /// <summary>CPU used, in cores, over 5 minutes.</summary>
    public const string ContainerCpuUsage =
        "sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!=\"\", container!=\"POD\"}[5m]))";

    public const string NodeMemoryUsed = "max by (node) (last_over_time(node_memory_MemTotal_bytes[5m]) - last_over_time(node_memory_MemAvailable_bytes[5m]))";

    public const string NodeMemoryTotal = "max by (node) (last_over_time(node_memory_MemTotal_bytes[5m]))";

    public const string NodeRootUsed =
        "max by (node) (last_over_time(node_filesystem_size_bytes{mountpoint=\"/\"}[5m]) - last_over_time(node_filesystem_avail_bytes{mountpoint=\"/\"}[5m]))";

    public const string NodeRootSize = "max by (node) (last_over_time(node_filesystem_size_bytes{mountpoint=\"/\"}[5m]))";

    /// <summary>The working set of all containers on a node: what its allocatable memory is spent on.</summary>
    public const string NodePodsWorkingSet =
        "sum by (node) (max by (node, namespace, pod, container) (last_over_time(container_memory_working_set_bytes{container!=\"\", container!=\"POD\"}[5m])))";

    public const string NodeAllocatableMemory = "max by (node) (last_over_time(kube_node_status_allocatable{resource=\"memory\"}[5m]))";
}
