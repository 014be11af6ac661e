using K8sAiops.Activities.Collect;
using K8sAiops.Functions.Durable;

namespace K8sAiops.Functions.Collect;

public static class EvidenceCollectionExtensions
{
    /// <summary>
    /// Evidence collection from Kubernetes (kubeconfig contexts or in-cluster), Prometheus and Loki, with its settings
    /// under <c>Collect</c> validated at start, and the collection activities in the durable registry.
    /// </summary>
    public static WebApplicationBuilder AddEvidenceCollection(this WebApplicationBuilder builder)
    {
        builder.Services.AddCollection(builder.Configuration);
        builder.Services.AddDurableTasks(registry => registry.AddActivity<CollectKubernetesEvidence>());
        return builder;
    }
}
