using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>Lines that say a connection to something failed.</summary>
    [GeneratedRegex(@"(?i)connection refused|connect:|dial tcp|no such host|i/o timeout|timed out|timeout|econnrefused|connection reset|unreachable|name or service not known|server misbehaving|getaddrinfo|could not connect|failed to connect|no healthy upstream|upstream connect error|\b50[23]\b")]
    private static partial Regex ConnectionFailure();

    /// <summary>A cluster DNS name in another namespace: <c>name.namespace.svc</c>.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9-])(?<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\.(?<ns>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\b")]
    private static partial Regex ServiceDnsName();

    private const int MaxDependencies = 5;

    /// <summary>
    /// The Services that the collected error lines fail to reach — named as a host (<c>cart:8080</c>,
    /// <c>cart.shop.svc</c>, <c>http://cart/</c>) or by cluster IP — with their Endpoints and the workload behind
    /// them: the culprit when a dependency is down and the alerting pod is only the symptom.
    /// </summary>
    private Task DependenciesAsync(string ns) => Safely($"namespace/{ns}", "dependencies named in logs", async () =>
    {
        var lines = Bundle.ErrorLines().Where(l => ConnectionFailure().IsMatch(l)).ToList();
        if (lines.Count == 0)
            return;

        var services = await ServicesInAsync(ns);
        var named = new List<V1Service>();
        foreach (var service in services)
        {
            var reference = new ResourceRef("Service", ns, service.Metadata.Name);
            if (Bundle.TryRaiseRole(reference, EvidenceRole.Dependency))
                continue; // already in the bundle as the target's own Service
            if (lines.Any(line => NamesService(line, service)))
                named.Add(service);
        }

        foreach (Match match in lines.SelectMany(l => ServiceDnsName().Matches(l)))
        {
            var (name, otherNs) = (match.Groups["name"].Value, match.Groups["ns"].Value);
            if (otherNs == ns || named.Exists(s => s.Metadata.Name == name && s.Metadata.NamespaceProperty == otherNs))
                continue;
            var service = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(name, otherNs, cancellationToken: cancellation));
            if (service is not null)
                named.Add(service);
            else
                Bundle.AddNote($"service/{otherNs}/{name}", $"logs name {name}.{otherNs}.svc, but Service {otherNs}/{name} does not exist", NoteSeverity.Warning);
        }

        foreach (var service in named.Take(MaxDependencies))
        {
            Bundle.AddNote($"service/{service.Metadata.NamespaceProperty}/{service.Metadata.Name}",
                $"error logs of the collected pods fail to reach Service {service.Metadata.NamespaceProperty}/{service.Metadata.Name}", NoteSeverity.Warning);
            await ServiceAsync(service, EvidenceRole.Dependency);
            var backing = await BackingWorkloadAsync(service, EvidenceRole.Dependency);
            CheckTargetPorts(service, RefOf("Service", service), backing);
        }
    });

    private static bool NamesService(string line, V1Service service)
    {
        var ip = service.Spec?.ClusterIP;
        var mentionsIp = ip is { Length: > 0 } && ip != "None" && line.Contains(ip, StringComparison.Ordinal);
        if (!mentionsIp && !line.Contains(service.Metadata.Name, StringComparison.Ordinal))
            return false;
        var name = Regex.Escape(service.Metadata.Name);
        var ns = Regex.Escape(service.Metadata.NamespaceProperty ?? "");
        var asHost = $@"(?:^|[\s/@""'=(\[])(?:{name})(?:\.{ns}(?:\.svc(?:\.cluster\.local)?)?)?(?::\d+|/|[""'\s)\],]|$)";
        if (Regex.IsMatch(line, asHost, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
            return true;
        return mentionsIp
            && Regex.IsMatch(line, $@"(?<![\d.]){Regex.Escape(ip!)}(?![\d])", RegexOptions.None, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// The workload behind a Service: the owners of the pods it selects, or — when it selects none — a Deployment
    /// or StatefulSet named like its selector's <c>app</c> label or like the Service itself. Returns the selected pods read.
    /// </summary>
    private async Task<List<V1Pod>> BackingWorkloadAsync(V1Service service, EvidenceRole role)
    {
        var ns = service.Metadata.NamespaceProperty;
        var selector = Selectors.Format(service.Spec?.Selector);
        if (selector is not null)
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, limit: options.MaxPodsPerWorkload, cancellationToken: cancellation);
            if (pods.Items.Count > 0)
            {
                foreach (var pod in pods.Items.OrderByDescending(PodHealth.Badness).Take(2))
                {
                    var podRef = AddObject("Pod", pod, role);
                    await Safely(podRef.ToString(), "events", () => EventsForAsync(podRef));
                    await OwnersAsync(pod);
                }
                return pods.Items.ToList();
            }
        }

        var candidates = new[] { "app", "app.kubernetes.io/name", "name", "k8s-app" }
            .Select(key => service.Spec?.Selector?.TryGetValue(key, out var value) == true ? value : null)
            .Append(service.Metadata.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(3);
        foreach (var name in candidates)
        {
            foreach (var kind in new[] { "Deployment", "StatefulSet" })
            {
                var reference = new ResourceRef(kind, ns, name);
                var workload = await ReadWorkloadAsync(reference);
                if (workload is null)
                    continue;
                AddObject(kind, workload, role);
                await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
                Bundle.AddNote(reference.ToString(), $"{kind} {ns}/{name} looks like the workload behind Service {ns}/{service.Metadata.Name} (by name)");
                return [];
            }
        }
        return [];
    }
}
