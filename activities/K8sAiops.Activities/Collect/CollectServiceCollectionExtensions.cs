using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Collect;

public static class CollectServiceCollectionExtensions
{
    /// <summary>
    /// Kubernetes evidence collection: <see cref="CollectOptions"/> (section <c>Collect</c>),
    /// <see cref="KubernetesOptions"/> (<c>Collect:Kubernetes</c>), the Kubernetes remote-call pipeline
    /// (<c>Collect:Kubernetes:Resilience</c>), the clients, the collector and the redactor. Options are validated
    /// when the host starts.
    /// </summary>
    public static IServiceCollection AddKubernetesCollection(this IServiceCollection services)
    {
        services.AddOptions<CollectOptions>().BindConfiguration(CollectOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KubernetesOptions>().BindConfiguration(KubernetesOptions.SectionName);
        services.AddOptions<RemoteCallOptions>(RemoteCallNames.Kubernetes)
            .BindConfiguration(RemoteCallNames.ResilienceSection(RemoteCallNames.Kubernetes))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Redactor.Default);
        services.TryAddSingleton(provider =>
        {
            var pipeline = RemoteCallPipeline.Create(
                RemoteCallNames.Kubernetes,
                provider.GetRequiredService<IOptionsMonitor<RemoteCallOptions>>().Get(RemoteCallNames.Kubernetes),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("K8sAiops.Collect.Kubernetes"));
            // A handler belongs to one client, so each client gets its own pair; the pipeline (and its circuit) is shared.
            return new KubernetesClients(
                provider.GetRequiredService<IOptions<KubernetesOptions>>(),
                () => [new ResilienceHandler(pipeline), new RequestCounter()]);
        });
        services.TryAddSingleton<KubernetesEvidenceCollector>();
        services.TryAddTransient<CollectKubernetesEvidence>();
        return services;
    }
}
