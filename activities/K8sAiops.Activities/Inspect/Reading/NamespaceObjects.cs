using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Kubernetes;

namespace K8sAiops.Activities.Inspect.Reading;

/// <summary>
/// Everything of one namespace the checks read, listed a page at a time (<c>limit</c>/<c>continue</c>). One namespace is
/// held in memory at a time; the inspection never lists the whole cluster at once.
/// </summary>
public sealed class NamespaceObjects
{
    public required string Namespace { get; init; }

    public List<V1Pod> Pods { get; init; } = [];
    public List<V1Deployment> Deployments { get; init; } = [];
    public List<V1StatefulSet> StatefulSets { get; init; } = [];
    public List<V1DaemonSet> DaemonSets { get; init; } = [];
    public List<V1Job> Jobs { get; init; } = [];
    public List<V1CronJob> CronJobs { get; init; } = [];
    public List<V1Service> Services { get; init; } = [];
    public List<V1Endpoints> Endpoints { get; init; } = [];
    public List<V1PersistentVolumeClaim> Claims { get; init; } = [];
    public List<V1Ingress> Ingresses { get; init; } = [];
    public List<V2HorizontalPodAutoscaler> Autoscalers { get; init; } = [];
    public List<V1PodDisruptionBudget> DisruptionBudgets { get; init; } = [];
    public List<V1Secret> TlsSecrets { get; init; } = [];
    public List<V1ServiceAccount> ServiceAccounts { get; init; } = [];
    public List<V1RoleBinding> RoleBindings { get; init; } = [];
    public List<Corev1Event> WarningEvents { get; init; } = [];

    /// <summary>Listings that failed or were cut short, in words.</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>What was not read whole (the listing's name, e.g. <c>RoleBindings</c>), for checks that need all of a kind to be right.</summary>
    public HashSet<string> Incomplete { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How many objects were read, by kind.</summary>
    public Dictionary<string, int> Counts() => new(StringComparer.Ordinal)
    {
        ["Pod"] = Pods.Count, ["Deployment"] = Deployments.Count, ["StatefulSet"] = StatefulSets.Count, ["DaemonSet"] = DaemonSets.Count,
        ["Job"] = Jobs.Count, ["CronJob"] = CronJobs.Count, ["Service"] = Services.Count, ["Endpoints"] = Endpoints.Count,
        ["PersistentVolumeClaim"] = Claims.Count, ["Ingress"] = Ingresses.Count, ["HorizontalPodAutoscaler"] = Autoscalers.Count,
        ["PodDisruptionBudget"] = DisruptionBudgets.Count, ["Secret"] = TlsSecrets.Count, ["ServiceAccount"] = ServiceAccounts.Count,
        ["RoleBinding"] = RoleBindings.Count, ["Event"] = WarningEvents.Count,
    };

    /// <summary>Reads the namespace, every listing at once, each paged with <paramref name="pageSize"/>.</summary>
    public static async Task<NamespaceObjects> ReadAsync(IKubernetes client, string ns, int pageSize, int maxPages, CancellationToken cancellation)
    {
        var objects = new NamespaceObjects { Namespace = ns };
        async Task List<TList, TItem>(string what, List<TItem> into, Func<string?, Task<TList>> page)
            where TList : IItems<TItem>, IMetadata<V1ListMeta>
        {
            var failure = await ApiFailures.ReasonAsync(async () =>
            {
                var (items, complete) = await Paging.ListAllAsync<TList, TItem>(page, maxPages);
                into.AddRange(items);
                if (!complete)
                    objects.Note(what, $"the {what} listing of namespace {ns} was cut short after {items.Count} objects");
            }, cancellation);
            if (failure is not null)
                objects.Note(what, $"{what} of namespace {ns} unavailable: {failure}");
        }

        await Task.WhenAll(
            List<V1PodList, V1Pod>("Pods", objects.Pods, t => client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1DeploymentList, V1Deployment>("Deployments", objects.Deployments, t => client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1StatefulSetList, V1StatefulSet>("StatefulSets", objects.StatefulSets, t => client.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1DaemonSetList, V1DaemonSet>("DaemonSets", objects.DaemonSets, t => client.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1JobList, V1Job>("Jobs", objects.Jobs, t => client.BatchV1.ListNamespacedJobAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1CronJobList, V1CronJob>("CronJobs", objects.CronJobs, t => client.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1ServiceList, V1Service>("Services", objects.Services, t => client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1EndpointsList, V1Endpoints>("Endpoints", objects.Endpoints, t => client.CoreV1.ListNamespacedEndpointsAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1PersistentVolumeClaimList, V1PersistentVolumeClaim>("PersistentVolumeClaims", objects.Claims, t => client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1IngressList, V1Ingress>("Ingresses", objects.Ingresses, t => client.NetworkingV1.ListNamespacedIngressAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V2HorizontalPodAutoscalerList, V2HorizontalPodAutoscaler>("HorizontalPodAutoscalers", objects.Autoscalers, t => client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1PodDisruptionBudgetList, V1PodDisruptionBudget>("PodDisruptionBudgets", objects.DisruptionBudgets, t => client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1SecretList, V1Secret>("TLS Secrets", objects.TlsSecrets, t => client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "type=kubernetes.io/tls", continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1ServiceAccountList, V1ServiceAccount>("ServiceAccounts", objects.ServiceAccounts, t => client.CoreV1.ListNamespacedServiceAccountAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<V1RoleBindingList, V1RoleBinding>("RoleBindings", objects.RoleBindings, t => client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns, continueParameter: t, limit: pageSize, cancellationToken: cancellation)),
            List<Corev1EventList, Corev1Event>("Warning events", objects.WarningEvents, t => client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "type=Warning", continueParameter: t, limit: pageSize, cancellationToken: cancellation)));
        // A server that ignores the field selector still gives only TLS Secrets and Warning events to the checks.
        objects.TlsSecrets.RemoveAll(s => s.Type != "kubernetes.io/tls");
        objects.WarningEvents.RemoveAll(e => e.Type != "Warning");
        return objects;
    }

    private void Note(string listing, string text)
    {
        lock (Notes)
        {
            Notes.Add(text);
            Incomplete.Add(listing);
        }
    }
}
