using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    private readonly Dictionary<string, Task<List<V1Service>>> _servicesByNamespace = new(StringComparer.Ordinal);

    /// <summary>The namespace's Services, read once per run.</summary>
    private Task<List<V1Service>> ServicesInAsync(string ns)
    {
        lock (_servicesByNamespace)
        {
            if (!_servicesByNamespace.TryGetValue(ns, out var services))
            {
                services = ListServicesAsync(ns);
                _servicesByNamespace[ns] = services;
            }
            return services;
        }
    }

    private async Task<List<V1Service>> ListServicesAsync(string ns)
    {
        var (services, complete) = await Paging.ListAllAsync<V1ServiceList, V1Service>(
            token => client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        if (!complete)
            Bundle.AddNote($"namespace/{ns}", "the namespace's Service listing was cut short", NoteSeverity.Info);
        return services;
    }

    /// <summary>
    /// The Services selecting <paramref name="pods"/>, each with its Endpoints, a check of its target ports
    /// against the pods' container ports, and the Ingresses routing to it.
    /// </summary>
    private async Task ServicesOfPodsAsync(string ns, IReadOnlyList<V1Pod> pods)
    {
        var services = await ServicesInAsync(ns);
        var selecting = services.Where(s => pods.Any(p => Selectors.Matches(s.Spec?.Selector, p.Metadata.Labels))).ToList();
        await Task.WhenAll(selecting.Select(service => ServiceAsync(service, EvidenceRole.Service, pods)));
        if (selecting.Count > 0)
            await Safely($"namespace/{ns}", "Ingresses", () => IngressesToAsync(ns, selecting.Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>A Service with its Endpoints and what they say: no addresses, or target ports no pod listens on.</summary>
    private Task ServiceAsync(V1Service service, EvidenceRole role, IReadOnlyList<V1Pod>? pods = null)
    {
        var reference = AddObject("Service", service, role);
        return Once($"endpoints/{reference.Namespace}/{reference.Name}", () => Safely(reference.ToString(), "Endpoints", async () =>
        {
            var endpoints = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync(reference.Name, reference.Namespace, cancellationToken: cancellation));
            if (endpoints is not null)
                AddObject("Endpoints", endpoints, role);

            var ready = endpoints?.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0;
            var notReady = endpoints?.Subsets?.Sum(s => s.NotReadyAddresses?.Count ?? 0) ?? 0;
            if (service.Spec?.Selector is { Count: > 0 } && ready == 0)
            {
                Bundle.AddNote(reference.ToString(),
                    $"Service {reference.Namespace}/{reference.Name} has no ready endpoints ({notReady} not ready)", NoteSeverity.Warning);
                await SelectsNothingAsync(service, reference);
            }
            if (pods is { Count: > 0 })
                CheckTargetPorts(service, reference, pods);
            await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
        }));
    }

    /// <summary>Whether a Service's selector matches any pod at all (one page of one pod is enough to know).</summary>
    private async Task SelectsNothingAsync(V1Service service, ResourceRef reference)
    {
        var selector = Selectors.Format(service.Spec.Selector);
        var any = await client.CoreV1.ListNamespacedPodAsync(reference.Namespace, labelSelector: selector, limit: 1, cancellationToken: cancellation);
        if (any.Items.Count == 0)
        {
            Bundle.AddNote(reference.ToString(),
                $"Service {reference.Namespace}/{reference.Name} selects no pods: no pod in the namespace has the labels {selector}", NoteSeverity.Error);
        }
    }

    /// <summary>Each Service port's targetPort must be a port the selected pods declare (by number or by name).</summary>
    private void CheckTargetPorts(V1Service service, ResourceRef reference, IReadOnlyList<V1Pod> pods)
    {
        var selected = pods.Where(p => Selectors.Matches(service.Spec?.Selector, p.Metadata.Labels)).ToList();
        if (selected.Count == 0)
            return;
        var declared = selected.SelectMany(p => p.Spec?.Containers ?? []).SelectMany(c => c.Ports ?? []).ToList();
        if (declared.Count == 0)
            return;
        foreach (var port in service.Spec?.Ports ?? [])
        {
            var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var matches = int.TryParse(target, out var number)
                ? declared.Any(p => p.ContainerPort == number)
                : declared.Any(p => p.Name == target);
            if (!matches)
            {
                var listening = string.Join(", ", declared.Select(p => p.Name is { Length: > 0 } ? $"{p.ContainerPort} ({p.Name})" : $"{p.ContainerPort}").Distinct(StringComparer.Ordinal));
                Bundle.AddNote(reference.ToString(),
                    $"Service {reference.Namespace}/{reference.Name} port {port.Port} targets {target}, which no selected pod declares (pods declare {listening})",
                    NoteSeverity.Error);
            }
        }
    }

    private async Task IngressesToAsync(string ns, HashSet<string> serviceNames)
    {
        var (ingresses, _) = await Paging.ListAllAsync<V1IngressList, V1Ingress>(
            token => client.NetworkingV1.ListNamespacedIngressAsync(ns, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        foreach (var ingress in ingresses)
        {
            var backends = (ingress.Spec?.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service?.Name)
                .Append(ingress.Spec?.DefaultBackend?.Service?.Name);
            if (backends.Any(b => b is not null && serviceNames.Contains(b)))
                AddObject("Ingress", ingress, EvidenceRole.Ingress);
        }
    }

    private async Task ServiceTargetAsync(ResourceRef target)
    {
        var service = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(target.Name, target.Namespace, cancellationToken: cancellation));
        if (service is null)
        {
            Bundle.AddNote(target.ToString(), $"Service {target.Namespace}/{target.Name} does not exist", NoteSeverity.Error);
            return;
        }
        var pods = new List<V1Pod>();
        if (Selectors.Format(service.Spec?.Selector) is { } selector)
        {
            var list = await client.CoreV1.ListNamespacedPodAsync(target.Namespace, labelSelector: selector, limit: options.PageSize, cancellationToken: cancellation);
            pods.AddRange(list.Items.OrderByDescending(PodHealth.Badness).Take(options.MaxPodsPerWorkload));
        }
        await ServiceAsync(service, EvidenceRole.Target, pods);
        await Safely(target.ToString(), "Ingresses", () => IngressesToAsync(target.Namespace, [target.Name]));
        ResourceRef? workload = null;
        foreach (var pod in pods)
        {
            AddObject("Pod", pod, EvidenceRole.Child);
            (workload, _) = await OwnersAsync(pod);
        }
        await Task.WhenAll(pods.Select(PodDetailsAsync));
        if (pods.Count == 0)
            _ = await BackingWorkloadAsync(service, EvidenceRole.Child);
        await NamespaceContextAsync(target.Namespace, workload, pods);
        await DependenciesAsync(target.Namespace);
    }
}
