namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>How much a note matters to the diagnosis.</summary>
public enum NoteSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// Something a collector found out rather than read: a derived fact ("Service shop/cart selects no pods",
/// "Secret shop/db-creds referenced by pod ... does not exist") or a collection that failed
/// ("previous logs unavailable: ..."). A failed collector becomes a note instead of failing the diagnosis.
/// </summary>
public sealed record CollectorNote
{
    public required string Id { get; init; }

    /// <summary>What the note is about, e.g. <c>service/shop/cart</c>.</summary>
    public required string Source { get; init; }

    public required string Text { get; init; }

    public NoteSeverity Severity { get; init; } = NoteSeverity.Info;

    /// <summary>True when the note records a failed collection rather than a fact about the cluster.</summary>
    public bool CollectionFailed { get; init; }
}
