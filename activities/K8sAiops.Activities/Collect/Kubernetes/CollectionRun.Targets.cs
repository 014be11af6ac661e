using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>
    /// Collects the bundle for <paramref name="target"/>, starting from its kind. Even a cluster that cannot be
    /// reached at all gives a bundle: one that says so in a note.
    /// </summary>
    public Task CollectAsync(ResourceRef target) =>
        Safely(target.ToString(), $"{target.Kind} {target}", () => CollectTargetAsync(target), NoteSeverity.Error);

    private Task CollectTargetAsync(ResourceRef target) => target.Kind switch
    {
        "Pod" => PodTargetAsync(target),
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => WorkloadTargetAsync(target, EvidenceRole.Target),
        "CronJob" => CronJobTargetAsync(target),
        "Node" => NodeTargetAsync(target),
        "PersistentVolumeClaim" => PersistentVolumeClaimTargetAsync(target),
        "Service" => ServiceTargetAsync(target),
        "Namespace" => NamespaceTargetAsync(target),
        "HorizontalPodAutoscaler" => AutoscalerTargetAsync(target),
        _ => UnsupportedAsync(target),
    };

    private Task UnsupportedAsync(ResourceRef target)
    {
        Bundle.AddNote(target.ToString(), $"collecting evidence for kind {target.Kind} is not supported", NoteSeverity.Warning, collectionFailed: true);
        return Task.CompletedTask;
    }

    /// <summary>A ReplicaSet pod's name: <c>{deployment}-{pod-template-hash}-{5 chars}</c>.</summary>
    [GeneratedRegex("^(?<deployment>.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$")]
    private static partial Regex ReplicaSetPodName();

    private async Task PodTargetAsync(ResourceRef target)
    {
        var pod = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace, cancellationToken: cancellation));
        if (pod is null)
        {
            // Alerts outlive pods: a crash-looping pod replaced by its controller is gone by the time we look.
            Bundle.AddNote(target.ToString(), $"Pod {target.Namespace}/{target.Name} no longer exists; it may have been deleted or replaced", NoteSeverity.Warning);
            if (ReplicaSetPodName().Match(target.Name) is { Success: true } match)
            {
                var deployment = new ResourceRef("Deployment", target.Namespace, match.Groups["deployment"].Value);
                await WorkloadTargetAsync(deployment, EvidenceRole.Owner);
            }
            return;
        }

        AddObject("Pod", pod, EvidenceRole.Target);
        var (workload, selector) = await OwnersAsync(pod);
        await PodDetailsAsync(pod);
        await Task.WhenAll(
            Safely(workload.ToString(), "sibling pods", () => SiblingsAsync(pod, workload, selector)),
            NamespaceContextAsync(target.Namespace, workload, [pod]));
        await DependenciesAsync(target.Namespace);
    }

    private async Task WorkloadTargetAsync(ResourceRef target, EvidenceRole role)
    {
        var workload = await TargetObjectAsync(target, role, () => ReadWorkloadAsync(target));
        if (workload is null)
            return;

        var (top, _) = await OwnersAsync(workload);
        var pods = await WorkloadPodsAsync(target, workload);
        await Task.WhenAll(pods.Select(PodDetailsAsync));
        await NamespaceContextAsync(target.Namespace, top, pods);
        await DependenciesAsync(target.Namespace);
    }

    private async Task CronJobTargetAsync(ResourceRef target)
    {
        var cronJob = await TargetObjectAsync(target, EvidenceRole.Target,
            () => GetOrNullAsync(() => client.BatchV1.ReadNamespacedCronJobAsync(target.Name, target.Namespace, cancellationToken: cancellation)));
        if (cronJob is null)
            return;

        var (jobs, _) = await Paging.ListAllAsync<V1JobList, V1Job>(
            token => client.BatchV1.ListNamespacedJobAsync(target.Namespace, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var owned = jobs
            .Where(j => j.Metadata.OwnerReferences?.Any(o => o.Uid == cronJob.Metadata.Uid) == true)
            .OrderByDescending(j => j.Metadata.CreationTimestamp)
            .Take(3)
            .ToList();
        if (owned.Count == 0)
            Bundle.AddNote(target.ToString(), "the CronJob has no Jobs now", NoteSeverity.Info);
        foreach (var job in owned)
            await WorkloadTargetAsync(RefOf("Job", job), EvidenceRole.Child);
    }

    private async Task AutoscalerTargetAsync(ResourceRef target)
    {
        var hpa = await TargetObjectAsync(target, EvidenceRole.Target,
            () => GetOrNullAsync(() => client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(target.Name, target.Namespace, cancellationToken: cancellation)));
        if (hpa is null)
            return;
        var scaled = new ResourceRef(hpa.Spec.ScaleTargetRef.Kind, target.Namespace, hpa.Spec.ScaleTargetRef.Name);
        await WorkloadTargetAsync(scaled, EvidenceRole.Child);
    }

    /// <summary>
    /// Reads the object a collection starts from and adds it with its events; when it does not exist, an Error note
    /// says so and the result is null.
    /// </summary>
    private async Task<T?> TargetObjectAsync<T>(ResourceRef target, EvidenceRole role, Func<Task<T?>> read)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var obj = await read();
        if (obj is null)
        {
            Bundle.AddNote(target.ToString(), $"{target.Kind} {target.Namespace}/{target.Name} does not exist", NoteSeverity.Error);
            return null;
        }
        AddObject(target.Kind, obj, role);
        await Safely(target.ToString(), "events", () => EventsForAsync(target));
        return obj;
    }
}
