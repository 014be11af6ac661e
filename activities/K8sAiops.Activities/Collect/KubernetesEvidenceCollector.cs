using k8s;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Collect;

/// <summary>
/// Gathers the evidence bundle for one alert target from a cluster — the sandbox or a real one — through
/// KubernetesClient: the object, its owner chain and children, container statuses, events by involved object,
/// current and previous logs, nodes with allocation, PVC/PV/StorageClass, Services with Endpoints, ConfigMaps
/// and Secrets (key names only), ResourceQuotas and HPAs. Everything leaves redacted.
/// </summary>
public sealed class KubernetesEvidenceCollector(
    IOptions<CollectOptions> options, Redactor redactor, TimeProvider time, ILogger<KubernetesEvidenceCollector> logger)
{
    /// <summary>Collects the bundle for <paramref name="target"/> from <paramref name="client"/>, reporting <paramref name="cluster"/> as its source.</summary>
    public async Task<EvidenceBundle> CollectAsync(IKubernetes client, string cluster, ResourceRef target, CancellationToken cancellationToken = default)
    {
        var requests = RequestCounter.Begin();
        var started = time.GetTimestamp();
        var run = new CollectionRun(client, options.Value, redactor.Redact, logger, cancellationToken);
        await run.CollectAsync(target);
        var bundle = run.Bundle.Build(target, cluster, time.GetUtcNow(), requests.Value, time.GetElapsedTime(started));
        logger.LogInformation(
            "Collected {Objects} objects, {Events} events, {Logs} logs and {Notes} notes for {Target} in {ElapsedMs} ms with {Requests} API requests",
            bundle.Objects.Count, bundle.Events.Count, bundle.Logs.Count, bundle.Notes.Count, target, (long)bundle.Elapsed.TotalMilliseconds, bundle.ApiRequests);
        return bundle;
    }
}
