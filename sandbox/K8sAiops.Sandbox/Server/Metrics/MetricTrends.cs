namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// How the usage series of a sandbox cluster (volume fill, container memory and CPU, node memory and disk) start and move
/// while the server runs. A value at a scrape is its start plus its change per hour times the hours since the server
/// loaded its snapshot (on <see cref="SandboxServerOptions.TimeProvider"/>), clamped to zero and the capacity or limit.
/// Objects no entry covers get the steady defaults of <c>Server/Metrics/README.md</c>.
/// </summary>
/// <remarks>
/// Each list is consulted in order, and for an object the first matching entry that sets a value counts for it: one
/// entry may set a container's memory and a later one its throttling. <see cref="FileName"/> is the file a snapshot
/// directory may carry them in.
/// </remarks>
public sealed class MetricTrends
{
    /// <summary>The file at a snapshot directory's root that holds a snapshot's trends.</summary>
    public const string FileName = "sandbox-metric-trends.json";

    /// <summary>PersistentVolumeClaims: bytes used (<c>kubelet_volume_stats_used_bytes</c>).</summary>
    public List<VolumeTrend> Volumes { get; } = [];

    /// <summary>Containers: working set, CPU usage and throttling (<c>container_*</c>).</summary>
    public List<ContainerTrend> Containers { get; } = [];

    /// <summary>Nodes: memory and root filesystem available (<c>node_memory_MemAvailable_bytes</c>, <c>node_filesystem_avail_bytes</c>).</summary>
    public List<NodeTrend> Nodes { get; } = [];

    /// <summary>Whether there is no entry at all.</summary>
    public bool IsEmpty => Volumes.Count == 0 && Containers.Count == 0 && Nodes.Count == 0;

    /// <summary>Appends the entries of <paramref name="other"/> (after this one's own, so they count less).</summary>
    public void Add(MetricTrends other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Volumes.AddRange(other.Volumes);
        Containers.AddRange(other.Containers);
        Nodes.AddRange(other.Nodes);
    }
}
