namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>One check the metrics inspection runs, for the inspection's check catalogue.</summary>
/// <param name="Id">The check's id, as <see cref="InspectionFinding.Check"/> spells it.</param>
/// <param name="Group">One of <see cref="CheckGroups"/>.</param>
/// <param name="Category">The category its findings carry: a taxonomy id when the problem is one, otherwise the group.</param>
/// <param name="DefaultSeverity">The severity of a finding that only just crosses the threshold (one of <see cref="Severities"/>).</param>
/// <param name="Fix">The one-line fix its findings carry.</param>
/// <param name="Description">What it looks at and when it fires, with the default thresholds.</param>
public sealed record MetricsCheck(string Id, string Group, string Category, string DefaultSeverity, string Fix, string Description);
