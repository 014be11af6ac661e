using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>
    /// What around a workload can explain its trouble: the Services selecting its pods (with Endpoints and
    /// Ingresses), the namespace's ResourceQuotas, and the autoscalers scaling it.
    /// </summary>
    private Task NamespaceContextAsync(string ns, ResourceRef? workload, IReadOnlyList<V1Pod> pods) => Task.WhenAll(
        pods.Count > 0 ? Safely($"namespace/{ns}", "Services", () => ServicesOfPodsAsync(ns, pods)) : Task.CompletedTask,
        Once($"quotas/{ns}", () => Safely($"namespace/{ns}", "ResourceQuotas", () => QuotasAsync(ns))),
        workload is null ? Task.CompletedTask : Safely($"namespace/{ns}", "HorizontalPodAutoscalers", () => AutoscalersOfAsync(ns, workload)));

    private async Task QuotasAsync(string ns)
    {
        var quotas = await client.CoreV1.ListNamespacedResourceQuotaAsync(ns, limit: options.PageSize, cancellationToken: cancellation);
        foreach (var quota in quotas.Items)
        {
            var reference = AddObject("ResourceQuota", quota, EvidenceRole.Quota);
            var hard = quota.Status?.Hard ?? quota.Spec?.Hard;
            foreach (var (resource, limit) in hard ?? new Dictionary<string, ResourceQuantity>())
            {
                if (quota.Status?.Used?.TryGetValue(resource, out var used) == true && used.ToDecimal() >= limit.ToDecimal())
                {
                    Bundle.AddNote(reference.ToString(), $"ResourceQuota {ns}/{quota.Metadata.Name} is used up for {resource}: used {used}, hard {limit}",
                        NoteSeverity.Warning);
                }
            }
        }
    }

    private async Task AutoscalersOfAsync(string ns, ResourceRef workload)
    {
        var autoscalers = await client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, limit: options.PageSize, cancellationToken: cancellation);
        foreach (var hpa in autoscalers.Items.Where(h => h.Spec?.ScaleTargetRef?.Kind == workload.Kind && h.Spec.ScaleTargetRef.Name == workload.Name))
        {
            var reference = AddObject("HorizontalPodAutoscaler", hpa, EvidenceRole.Autoscaler);
            await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
        }
    }

    /// <summary>
    /// A namespace as a whole: its quotas, its recent Warning events, its unhealthy pods (by phase; running pods
    /// that are not ready are found through their owners), and Services with no endpoints.
    /// </summary>
    private async Task NamespaceTargetAsync(ResourceRef target)
    {
        var ns = target.Name;
        var namespaceObject = await GetOrNullAsync(() => client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellation));
        if (namespaceObject is null)
        {
            Bundle.AddNote(target.ToString(), $"Namespace {ns} does not exist", NoteSeverity.Error);
            return;
        }
        AddObject("Namespace", namespaceObject, EvidenceRole.Target);

        var pods = new List<V1Pod>();
        await Task.WhenAll(
            Once($"quotas/{ns}", () => Safely(target.ToString(), "ResourceQuotas", () => QuotasAsync(ns))),
            Safely(target.ToString(), "Warning events", () => WarningEventsInAsync(ns)),
            Safely(target.ToString(), "unhealthy pods", async () =>
            {
                var (found, _) = await Paging.ListAllAsync<V1PodList, V1Pod>(
                    token => client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: "status.phase!=Running,status.phase!=Succeeded", continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
                    options.MaxPages);
                if (found.Count > 0)
                    Bundle.AddNote(target.ToString(), $"{found.Count} pod(s) in the namespace are neither Running nor Succeeded", NoteSeverity.Warning);
                pods.AddRange(found.OrderByDescending(PodHealth.Badness).Take(options.MaxPodsPerWorkload));
            }),
            Safely(target.ToString(), "Services without endpoints", () => EmptyServicesAsync(ns)));

        foreach (var pod in pods)
        {
            AddObject("Pod", pod, EvidenceRole.Child);
            await OwnersAsync(pod);
        }
        await Task.WhenAll(pods.Select(PodDetailsAsync));
        await DependenciesAsync(ns);
    }

    /// <summary>The namespace's Services whose Endpoints have no ready address (read from one paged Endpoints listing).</summary>
    private async Task EmptyServicesAsync(string ns)
    {
        var (endpoints, _) = await Paging.ListAllAsync<V1EndpointsList, V1Endpoints>(
            token => client.CoreV1.ListNamespacedEndpointsAsync(ns, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var empty = endpoints.Where(e => (e.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0) == 0)
            .Select(e => e.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        if (empty.Count == 0)
            return;
        var services = await ServicesInAsync(ns);
        foreach (var service in services.Where(s => empty.Contains(s.Metadata.Name) && s.Spec?.Selector is { Count: > 0 }).Take(MaxDependencies))
            await ServiceAsync(service, EvidenceRole.Service);
    }
}
