namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>One core/v1 Event about an object in the bundle, message redacted.</summary>
public sealed record EvidenceEvent
{
    public required string Id { get; init; }

    /// <summary>The object the event is about (<c>involvedObject</c>).</summary>
    public required ResourceRef InvolvedObject { get; init; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public int Count { get; init; } = 1;

    public DateTimeOffset? FirstTimestamp { get; init; }

    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>The reporting component, e.g. <c>kubelet</c> or <c>default-scheduler</c>.</summary>
    public string? Source { get; init; }
}
