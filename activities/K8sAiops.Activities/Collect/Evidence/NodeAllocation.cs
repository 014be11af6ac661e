namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>
/// A node's allocatable resources against what the pods bound to it request
/// (what <c>kubectl describe node</c> shows as "Allocated resources").
/// </summary>
public sealed record NodeAllocation
{
    public required string Id { get; init; }

    public required string Node { get; init; }

    public long CpuAllocatableMillis { get; init; }

    public long CpuRequestedMillis { get; init; }

    public long MemoryAllocatableBytes { get; init; }

    public long MemoryRequestedBytes { get; init; }

    public int PodsAllocatable { get; init; }

    /// <summary>Pods bound to the node that are not Succeeded or Failed.</summary>
    public int Pods { get; init; }
}
