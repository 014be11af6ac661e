namespace K8sAiops.Sandbox.Synthetic;

/// <summary>What <see cref="Faults.Inject(Snapshots.ClusterSnapshot, string, FaultOptions)"/> put into a snapshot, for tests to check a diagnosis against.</summary>
/// <param name="Category">The taxonomy id (<c>diagnosis-taxonomy.md</c>), e.g. <c>oom-killed</c>.</param>
/// <param name="Culprit">The object whose fix removes the problem, per the taxonomy's culprit column.</param>
/// <param name="AlertTarget">The object the fitting alert fires on (often a symptom, not the culprit).</param>
/// <param name="AlertLabels">The labels Alertmanager would send for that kubernetes-mixin alert (kube-prometheus-stack), alertname included.</param>
/// <param name="Evidence">Short notes of what the fault put where, for test messages.</param>
public sealed record InjectedFault(
    string Category,
    ResourceRef Culprit,
    ResourceRef AlertTarget,
    IReadOnlyDictionary<string, string> AlertLabels,
    IReadOnlyList<string> Evidence);
