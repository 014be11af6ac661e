using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Collect;

/// <summary>The input of <see cref="CollectKubernetesEvidence"/>.</summary>
/// <param name="Target">The object the alert is about (see <see cref="AlertTargets.Resolve"/>).</param>
/// <param name="Context">The kubeconfig context of the alert's cluster; null for the configured one.</param>
public sealed record CollectEvidenceRequest(ResourceRef Target, string? Context = null);

/// <summary>
/// Activity: the Kubernetes evidence bundle for one alert target. Read-only, so running it again after a
/// re-delivery is harmless.
/// </summary>
public sealed class CollectKubernetesEvidence(KubernetesClients clients, KubernetesEvidenceCollector collector)
    : TaskActivity<CollectEvidenceRequest, EvidenceBundle>
{
    public override Task<EvidenceBundle> RunAsync(TaskActivityContext context, CollectEvidenceRequest input)
    {
        var (client, cluster) = clients.For(input.Context);
        return collector.CollectAsync(client, cluster, input.Target, ShutdownToken);
    }
}
