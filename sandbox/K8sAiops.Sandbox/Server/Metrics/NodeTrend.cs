namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// How much memory and root filesystem space a node has left (node-exporter's <c>node_memory_MemAvailable_bytes</c> and
/// <c>node_filesystem_avail_bytes{mountpoint="/"}</c>), each clamped to [0, the node's capacity]. Values left null keep the defaults.
/// </summary>
/// <param name="Node">The node's name.</param>
public sealed record NodeTrend(string Node)
{
    /// <summary>Memory available at the start, in bytes; null: the default, from where <see cref="MemoryAvailableBytesPerHour"/> moves it.</summary>
    public double? MemoryAvailableBytes { get; init; }

    /// <summary>Change of the available memory per hour (negative while it is used up).</summary>
    /// <value>0: steady.</value>
    public double MemoryAvailableBytesPerHour { get; init; }

    /// <summary>Root filesystem space available at the start, in bytes; null: the default, from where <see cref="DiskAvailableBytesPerHour"/> moves it.</summary>
    public double? DiskAvailableBytes { get; init; }

    /// <summary>Change of the available disk space per hour (negative while the disk fills).</summary>
    /// <value>0: steady.</value>
    public double DiskAvailableBytesPerHour { get; init; }

    /// <summary>What the entry stands for, for people reading a trends file.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the entry sets the available memory.</summary>
    internal bool SetsMemory => MemoryAvailableBytes is not null || MemoryAvailableBytesPerHour != 0;

    /// <summary>Whether the entry sets the available disk space.</summary>
    internal bool SetsDisk => DiskAvailableBytes is not null || DiskAvailableBytesPerHour != 0;
}
