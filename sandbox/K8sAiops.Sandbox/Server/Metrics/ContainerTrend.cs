namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// How much memory and CPU the matching containers use. The scope properties left null match any container of the
/// namespace; the value properties left null keep the defaults (or, for memory, what the fault model's memory needs say).
/// </summary>
/// <param name="Namespace">The pods' namespace.</param>
public sealed record ContainerTrend(string Namespace)
{
    /// <summary>The name of the pods' top-level owner (Deployment, StatefulSet, DaemonSet, CronJob…, else the pod's own name); null for any.</summary>
    public string? Workload { get; init; }

    /// <summary>One pod's name; null for any.</summary>
    public string? Pod { get; init; }

    /// <summary>The container's name; null for any.</summary>
    public string? Container { get; init; }

    /// <summary>The working set (<c>container_memory_working_set_bytes</c>) at the start; null: the default, from where <see cref="MemoryBytesPerHour"/> moves it.</summary>
    public double? MemoryBytes { get; init; }

    /// <summary>Bytes the working set grows per hour, clamped to [0, the memory limit]; negative when it shrinks.</summary>
    /// <value>0: steady.</value>
    public double MemoryBytesPerHour { get; init; }

    /// <summary>The CPU the container uses, in cores (the rate of <c>container_cpu_usage_seconds_total</c>), at most its limit; null: the default.</summary>
    public double? CpuCores { get; init; }

    /// <summary>
    /// The share of CFS periods in which the container is throttled, from 0 to 1 (<c>container_cpu_cfs_throttled_periods_total</c>
    /// over <c>container_cpu_cfs_periods_total</c>); only containers with a CPU limit have these series. Null: nearly none.
    /// </summary>
    public double? ThrottledFraction { get; init; }

    /// <summary>What the entry stands for, for people reading a trends file.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the entry sets the working set (a start or a growth).</summary>
    internal bool SetsMemory => MemoryBytes is not null || MemoryBytesPerHour != 0;
}
