using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>A cause one rule found: the category, the culprit, how sure the rule is, and the evidence it rests on.</summary>
/// <param name="Confidence">0 to 1. Rules that name a culprit (a PVC, a node, a Service) score above rules that see only a symptom (a crash, a failing probe).</param>
internal sealed record Candidate(
    string Category,
    ResourceRef Culprit,
    double Confidence,
    string Summary,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ProposedAction> Actions);
