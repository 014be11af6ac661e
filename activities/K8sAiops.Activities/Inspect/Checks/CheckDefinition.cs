namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>
/// One inspection check: its id, group, default severity, the one-line fix, and what it looks for.
/// <paramref name="Category"/> is the taxonomy id for checks that find a taxonomy problem; otherwise the group is the category.
/// </summary>
public sealed record CheckDefinition(string Id, string Group, string Severity, string Fix, string Description, string? Category = null)
{
    /// <summary>Whether the check needs Prometheus (it runs only when Prometheus is configured).</summary>
    public bool NeedsPrometheus { get; init; }

    /// <summary>A finding of this check about <paramref name="resource"/>, before scoring.</summary>
    public InspectionFinding Finding(FindingResource resource, string message, string? severity = null, string? fix = null) => new()
    {
        Id = InspectionFinding.MakeId(Id, resource),
        Check = Id,
        Category = Category ?? Group,
        Group = Group,
        Severity = severity ?? Severity,
        Resource = resource,
        Message = message,
        Fix = fix ?? Fix,
    };
}
