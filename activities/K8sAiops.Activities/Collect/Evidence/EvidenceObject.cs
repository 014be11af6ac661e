using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>
/// One Kubernetes object in an evidence bundle, as the API returned it minus noise
/// (<c>managedFields</c>, last-applied annotations) and minus secret values (a Secret keeps its key names only).
/// </summary>
public sealed record EvidenceObject
{
    /// <summary>The evidence id findings cite, e.g. <c>ev-3</c>.</summary>
    public required string Id { get; init; }

    public required ResourceRef Ref { get; init; }

    public required EvidenceRole Role { get; init; }

    /// <summary>The object's JSON.</summary>
    public required JsonObject Object { get; init; }
}
