using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Collect;

public static class CollectServiceCollectionExtensions
{
    /// <summary>
    /// Evidence collection: the remote calls (<see cref="RemoteCallsServiceCollectionExtensions.AddRemoteCalls"/>:
    /// resilience for Kubernetes, Prometheus and Loki, their clients, the redactor) and the Kubernetes collector with
    /// its options — <see cref="CollectOptions"/> (section <c>Collect</c>) and <see cref="KubernetesOptions"/>
    /// (<c>Collect:Kubernetes</c>) — validated when the host starts, and the collection activity.
    /// </summary>
    public static IServiceCollection AddCollection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRemoteCalls(configuration);
        services.AddSettings<CollectOptions>(CollectOptions.SectionName);
        services.AddSettings<KubernetesOptions>(KubernetesOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Redactor.Default);
        // Each client gets its own handlers (a handler belongs to one HttpClient); the Kubernetes pipeline, and so its
        // circuit breaker, is shared by all of them.
        services.TryAddSingleton(provider => new KubernetesClients(
            provider.GetRequiredService<IOptions<KubernetesOptions>>(),
            () => [provider.GetRequiredKeyedService<ResilienceHandler>(RemoteCallNames.Kubernetes), new RequestCounter()]));
        services.TryAddSingleton<KubernetesEvidenceCollector>();
        services.TryAddTransient<CollectKubernetesEvidence>();
        return services;
    }
}
