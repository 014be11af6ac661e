namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// How full a PersistentVolumeClaim's volume is: <paramref name="UsedBytes"/> when the server loads the snapshot, plus
/// <see cref="UsedBytesPerHour"/> for every hour since, clamped to [0, the claim's <c>status.capacity.storage</c>].
/// </summary>
/// <param name="Namespace">The claim's namespace.</param>
/// <param name="Claim">The claim's name.</param>
/// <param name="UsedBytes">Bytes used at the start.</param>
public sealed record VolumeTrend(string Namespace, string Claim, double UsedBytes)
{
    /// <summary>Bytes written per hour; negative when the volume is being cleaned up.</summary>
    /// <value>0: steady.</value>
    public double UsedBytesPerHour { get; init; }

    /// <summary>What the entry stands for, for people reading a trends file.</summary>
    public string? Note { get; init; }
}
