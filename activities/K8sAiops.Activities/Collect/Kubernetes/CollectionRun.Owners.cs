using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>Reads a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob; null when absent.</summary>
    private async Task<IKubernetesObject<V1ObjectMeta>?> ReadWorkloadAsync(ResourceRef workload)
    {
        var (ns, name, ct) = (workload.Namespace, workload.Name, cancellation);
        return workload.Kind switch
        {
            "Deployment" => await GetOrNullAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct)),
            "StatefulSet" => await GetOrNullAsync(() => client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: ct)),
            "DaemonSet" => await GetOrNullAsync(() => client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct)),
            "ReplicaSet" => await GetOrNullAsync(() => client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: ct)),
            "ReplicationController" => await GetOrNullAsync(() => client.CoreV1.ReadNamespacedReplicationControllerAsync(name, ns, cancellationToken: ct)),
            "Job" => await GetOrNullAsync(() => client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct)),
            "CronJob" => await GetOrNullAsync(() => client.BatchV1.ReadNamespacedCronJobAsync(name, ns, cancellationToken: ct)),
            _ => null,
        };
    }

    /// <summary>The label selector of a workload's pods, as a <c>labelSelector</c> query string; null when it has none.</summary>
    private static string? PodSelectorOf(IKubernetesObject<V1ObjectMeta> workload) => workload switch
    {
        V1Deployment d => Selectors.Format(d.Spec.Selector),
        V1StatefulSet s => Selectors.Format(s.Spec.Selector),
        V1DaemonSet d => Selectors.Format(d.Spec.Selector),
        V1ReplicaSet r => Selectors.Format(r.Spec.Selector),
        V1ReplicationController r => Selectors.Format(r.Spec.Selector),
        V1Job j => Selectors.Format(j.Spec.Selector),
        _ => null,
    };

    /// <summary>
    /// Walks the controller owner references up from <paramref name="obj"/> (Pod → ReplicaSet → Deployment,
    /// Pod → StatefulSet/DaemonSet/Job, Job → CronJob), adding each owner with its events. Returns the top-level
    /// workload (the object itself when it has no owner) and the pod selector of the first owner that has one.
    /// </summary>
    private async Task<(ResourceRef Workload, string? Selector)> OwnersAsync(IKubernetesObject<V1ObjectMeta> obj)
    {
        var current = obj;
        var currentRef = RefOf(obj.Kind ?? KindOf(obj), obj);
        string? selector = current is V1Pod ? null : PodSelectorOf(current);
        for (var depth = 0; depth < 5; depth++)
        {
            var owner = current.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)
                ?? current.Metadata.OwnerReferences?.FirstOrDefault();
            if (owner is null || owner.Kind == "Node")
                return (currentRef, selector);

            var ownerRef = new ResourceRef(owner.Kind, currentRef.Namespace, owner.Name);
            var read = await ReadWorkloadAsync(ownerRef);
            if (read is null)
            {
                Bundle.AddNote(currentRef.ToString(), $"owner {owner.Kind} {ownerRef.Namespace}/{owner.Name} does not exist", NoteSeverity.Warning);
                return (currentRef, selector);
            }
            AddObject(owner.Kind, read, EvidenceRole.Owner);
            await Safely(ownerRef.ToString(), "events", () => EventsForAsync(ownerRef));
            selector ??= PodSelectorOf(read);
            current = read;
            currentRef = ownerRef;
        }
        return (currentRef, selector);
    }

    private static string KindOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Pod => "Pod",
        V1Deployment => "Deployment",
        V1StatefulSet => "StatefulSet",
        V1DaemonSet => "DaemonSet",
        V1ReplicaSet => "ReplicaSet",
        V1ReplicationController => "ReplicationController",
        V1Job => "Job",
        V1CronJob => "CronJob",
        _ => obj.GetType().Name.TrimStart('V', '1', '2'),
    };

    /// <summary>
    /// The pods a workload selects, read with its selector (never a namespace-wide listing); the most unhealthy
    /// ones, up to <see cref="CollectOptions.MaxPodsPerWorkload"/>, go into the bundle, and a note counts the rest.
    /// A Deployment also brings its ReplicaSets.
    /// </summary>
    private async Task<List<V1Pod>> WorkloadPodsAsync(ResourceRef workloadRef, IKubernetesObject<V1ObjectMeta> workload)
    {
        var selector = PodSelectorOf(workload);
        if (workload is V1Deployment deployment)
            await Safely(workloadRef.ToString(), "ReplicaSets", () => ReplicaSetsOfAsync(workloadRef, deployment, selector));
        if (selector is null)
            return [];

        var (pods, complete) = await Paging.ListAllAsync<V1PodList, V1Pod>(
            token => client.CoreV1.ListNamespacedPodAsync(workloadRef.Namespace, labelSelector: selector, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var ready = pods.Count(PodHealth.IsReady);
        Bundle.AddNote(workloadRef.ToString(),
            $"{ready} of {pods.Count} pods selected by {selector} are ready{(complete ? "" : " (listing cut short)")}",
            ready == pods.Count ? NoteSeverity.Info : NoteSeverity.Warning);

        var chosen = pods.OrderByDescending(PodHealth.Badness).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Take(options.MaxPodsPerWorkload).ToList();
        foreach (var pod in chosen)
            AddObject("Pod", pod, EvidenceRole.Child);
        return chosen;
    }

    private async Task ReplicaSetsOfAsync(ResourceRef deploymentRef, V1Deployment deployment, string? selector)
    {
        var (sets, _) = await Paging.ListAllAsync<V1ReplicaSetList, V1ReplicaSet>(
            token => client.AppsV1.ListNamespacedReplicaSetAsync(deploymentRef.Namespace, labelSelector: selector, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var owned = sets
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Uid == deployment.Metadata.Uid) == true)
            .OrderByDescending(rs => Revision(rs))
            .Take(3)
            .ToList();
        foreach (var rs in owned)
        {
            var reference = AddObject("ReplicaSet", rs, EvidenceRole.Child);
            await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
        }
    }

    private static long Revision(V1ReplicaSet rs) =>
        rs.Metadata.Annotations?.TryGetValue("deployment.kubernetes.io/revision", out var value) == true && long.TryParse(value, out var revision)
            ? revision
            : 0;

    /// <summary>For a pod target: how its siblings (pods of the same owner) fare, and the worst of them.</summary>
    private async Task SiblingsAsync(V1Pod pod, ResourceRef workload, string? selector)
    {
        if (selector is null || workload.Kind == "Pod")
            return;
        var (pods, _) = await Paging.ListAllAsync<V1PodList, V1Pod>(
            token => client.CoreV1.ListNamespacedPodAsync(pod.Metadata.NamespaceProperty, labelSelector: selector, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var ready = pods.Count(PodHealth.IsReady);
        Bundle.AddNote(workload.ToString(), $"{ready} of {pods.Count} pods of {workload.Kind} {workload.Name} are ready",
            ready == pods.Count ? NoteSeverity.Info : NoteSeverity.Warning);
        foreach (var sibling in pods.Where(p => p.Metadata.Name != pod.Metadata.Name && !PodHealth.IsReady(p))
                     .OrderByDescending(PodHealth.Badness).Take(Math.Max(0, options.MaxPodsPerWorkload - 1)))
        {
            var reference = AddObject("Pod", sibling, EvidenceRole.Child);
            await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
        }
    }
}
