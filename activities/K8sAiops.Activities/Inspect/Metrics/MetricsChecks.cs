using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Inspect.Checks;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>The checks <see cref="MetricsInspection"/> runs on Prometheus series.</summary>
public static class MetricsChecks
{
    public static CheckDefinition PvcUsageHigh { get; } = new(
        "pvc-usage-high",
        CheckGroups.Capacity,
        Severities.Medium,
        "Expand the PVC (raise spec.resources.requests.storage; its StorageClass must allow volume expansion) or delete data it no longer needs.",
        "A PersistentVolumeClaim is more than 85 % used (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes): " +
        "medium above 85 %, high above 95 %. At 99 % or more the category is the taxonomy's disk-full.") { NeedsPrometheus = true };

    public static CheckDefinition MemoryNearLimit { get; } = new(
        "memory-near-limit",
        CheckGroups.Reliability,
        Severities.Medium,
        "Raise the container's memory limit above its working set, or find out why its memory grows; at the limit it is OOM-killed.",
        "A container's working set is above 90 % of its memory limit (container_memory_working_set_bytes / " +
        "kube_pod_container_resource_limits{resource=\"memory\"}): medium above 90 %, high above 97 %.") { NeedsPrometheus = true };

    /// <summary>
    /// Reliability rather than efficiency: a throttled container is slowed (latency, probe timeouts, failed requests),
    /// and the fix gives it more CPU rather than saving any.
    /// </summary>
    public static CheckDefinition CpuThrottling { get; } = new(
        "cpu-throttling",
        CheckGroups.Reliability,
        Severities.Low,
        "Raise the container's CPU limit (or remove it and keep the request), or make it use less CPU.",
        "A container was throttled in more than 25 % of its CFS periods over the last 5 minutes (increase of " +
        "container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total, as the mixin's CPUThrottlingHigh): " +
        "low above 25 %, medium above 50 %.",
        Categories.CpuThrottling) { NeedsPrometheus = true };

    public static CheckDefinition NodeMemoryTrend { get; } = new(
        "node-memory-trend",
        CheckGroups.Capacity,
        Severities.Medium,
        "Move or shrink the workloads on the node, give it more memory, or find the process whose memory keeps growing.",
        "By forecast, a node's available memory (node_memory_MemAvailable_bytes of node_memory_MemTotal_bytes) runs out " +
        "within 7 days: medium, high within 1 day.") { NeedsPrometheus = true };

    public static CheckDefinition NodeDiskTrend { get; } = new(
        "node-disk-trend",
        CheckGroups.Capacity,
        Severities.Medium,
        "Free space on the node's root filesystem (unused images, old logs) or grow its disk.",
        "By forecast, a node's root filesystem (node_filesystem_avail_bytes of node_filesystem_size_bytes, mountpoint \"/\") " +
        "is full within 7 days: medium, high within 1 day.") { NeedsPrometheus = true };

    public static IReadOnlyList<CheckDefinition> All { get; } = [PvcUsageHigh, MemoryNearLimit, CpuThrottling, NodeMemoryTrend, NodeDiskTrend];
}
