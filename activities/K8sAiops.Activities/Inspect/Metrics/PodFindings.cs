using K8sAiops.Activities.Inspect.Checks;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>
/// Collects per-container results of one check into one finding per pod (a finding's id is its check and object, and the
/// object is the pod): the containers' sentences worst first, and the worst severity.
/// </summary>
internal sealed class PodFindings(CheckDefinition check)
{
    private readonly List<(FindingResource Pod, string Severity, double Value, string Sentence)> _containers = [];

    public void Add(FindingResource pod, string severity, double value, string sentence) => _containers.Add((pod, severity, value, sentence));

    public void AddTo(MetricsContext context)
    {
        foreach (var pod in _containers.GroupBy(c => c.Pod))
        {
            var worst = pod.OrderBy(c => Severities.Rank(c.Severity)).ThenByDescending(c => c.Value).ToList();
            context.Add(check, worst[0].Severity, pod.Key, string.Join(" ", worst.Select(c => c.Sentence)));
        }
    }
}
