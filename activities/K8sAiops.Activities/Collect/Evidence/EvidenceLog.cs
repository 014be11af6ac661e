namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>
/// An excerpt of one container's log: the error lines first, then the last lines for context, bounded in
/// lines and bytes, redacted.
/// </summary>
public sealed record EvidenceLog
{
    public required string Id { get; init; }

    /// <summary>The pod the log belongs to.</summary>
    public required ResourceRef Pod { get; init; }

    public required string Container { get; init; }

    /// <summary>True for the previous (terminated) instance of the container (<c>kubectl logs --previous</c>).</summary>
    public bool Previous { get; init; }

    /// <summary>Lines that look like errors (error, exception, panic, refused, ...), oldest first.</summary>
    public List<string> ErrorLines { get; init; } = [];

    /// <summary>The last lines of the log, oldest first (lines already in <see cref="ErrorLines"/> are not repeated).</summary>
    public List<string> TailLines { get; init; } = [];

    /// <summary>How many lines the API returned (before the excerpt was cut).</summary>
    public int LinesRead { get; init; }

    /// <summary>True when lines were left out to stay within the bounds.</summary>
    public bool Truncated { get; init; }

    /// <summary>How many lines of the log had a secret masked by redaction.</summary>
    public int Redactions { get; init; }
}
