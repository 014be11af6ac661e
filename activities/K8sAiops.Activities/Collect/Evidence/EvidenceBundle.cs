namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>
/// Everything collected about one alert target: the objects around it, events, log excerpts, node allocation
/// and notes. Every item has an evidence id (<c>ev-N</c>) that findings and the LLM cite. The bundle is bounded
/// (see <see cref="CollectOptions"/>) and redacted: no secret value and no token leaves the collectors.
/// </summary>
public sealed record EvidenceBundle
{
    /// <summary>The object the alert is about.</summary>
    public required ResourceRef Target { get; init; }

    /// <summary>The kubeconfig context (or <c>in-cluster</c>) the bundle was read from.</summary>
    public required string Cluster { get; init; }

    public required DateTimeOffset CollectedAt { get; init; }

    public List<EvidenceObject> Objects { get; init; } = [];

    public List<EvidenceEvent> Events { get; init; } = [];

    public List<EvidenceLog> Logs { get; init; } = [];

    public List<NodeAllocation> NodeAllocations { get; init; } = [];

    public List<CollectorNote> Notes { get; init; } = [];

    /// <summary>How many Kubernetes API requests the collection made.</summary>
    public int ApiRequests { get; init; }

    /// <summary>How long the collection took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The bundle's object with this reference, or null.</summary>
    public EvidenceObject? Find(ResourceRef reference) => Objects.Find(o => o.Ref == reference);

    /// <summary>The objects of one kind, e.g. every <c>Pod</c>.</summary>
    public IEnumerable<EvidenceObject> OfKind(string kind) => Objects.Where(o => o.Ref.Kind == kind);
}
