namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>
/// What the applications of a sandbox cluster need in order to run, so that a pod created after the snapshot was loaded
/// (by a rollout, a restart, a scale-up or a replacement) fails the way the original pods failed until a fix addresses
/// the cause. Each list is consulted in order; for a container the first matching entry counts.
/// </summary>
/// <remarks>
/// Missing ConfigMaps and Secrets need no entry: the sandbox checks a new pod's references against the store. See
/// <c>Server/README.md</c>, "What a fix fixes", for the rules and for <see cref="FileName"/>, the file a snapshot
/// directory may carry them in.
/// </remarks>
public sealed class FaultModel
{
    /// <summary>The file at a snapshot directory's root that holds a snapshot's entries.</summary>
    public const string FileName = "sandbox-faults.json";

    /// <summary>Containers OOM-killed while their memory limit is below a need.</summary>
    public List<MemoryNeed> MemoryNeeds { get; } = [];

    /// <summary>Images that cannot be pulled.</summary>
    public List<BadImage> BadImages { get; } = [];

    /// <summary>Container definitions that exit with an error soon after they start.</summary>
    public List<CrashingContainer> CrashingContainers { get; } = [];

    /// <summary>Whether there is no entry at all.</summary>
    public bool IsEmpty => MemoryNeeds.Count == 0 && BadImages.Count == 0 && CrashingContainers.Count == 0;

    /// <summary>Appends the entries of <paramref name="other"/> (after this model's own, so they count less).</summary>
    public void Add(FaultModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        MemoryNeeds.AddRange(other.MemoryNeeds);
        BadImages.AddRange(other.BadImages);
        CrashingContainers.AddRange(other.CrashingContainers);
    }
}
