using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>The PersistentVolumeClaims a pod mounts, each with its PersistentVolume, StorageClass and events.</summary>
    private Task StorageAsync(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var claims = pod.Spec?.Volumes?.Where(v => v.PersistentVolumeClaim is not null)
            .Select(v => v.PersistentVolumeClaim.ClaimName).Distinct(StringComparer.Ordinal) ?? [];
        return Task.WhenAll(claims.Select(claim =>
            Once($"pvc/{ns}/{claim}", () => ClaimAsync(new ResourceRef("PersistentVolumeClaim", ns, claim), $"pod {pod.Metadata.Name}", EvidenceRole.Storage))));
    }

    private Task ClaimAsync(ResourceRef claimRef, string usedBy, EvidenceRole role) => Safely(claimRef.ToString(), "PersistentVolumeClaim", async () =>
    {
        var claim = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimRef.Name, claimRef.Namespace, cancellationToken: cancellation));
        if (claim is null)
        {
            Bundle.AddNote(claimRef.ToString(), $"PersistentVolumeClaim {claimRef.Namespace}/{claimRef.Name} used by {usedBy} does not exist", NoteSeverity.Error);
            return;
        }
        AddObject("PersistentVolumeClaim", claim, role);
        var work = new List<Task> { Safely(claimRef.ToString(), "events", () => EventsForAsync(claimRef)) };

        if (claim.Spec?.VolumeName is { Length: > 0 } volume)
        {
            work.Add(Once($"pv/{volume}", () => Safely($"persistentvolume/{volume}", "PersistentVolume", async () =>
            {
                var pv = await GetOrNullAsync(() => client.CoreV1.ReadPersistentVolumeAsync(volume, cancellationToken: cancellation));
                if (pv is null)
                    Bundle.AddNote(claimRef.ToString(), $"PersistentVolume {volume} bound to the claim does not exist", NoteSeverity.Error);
                else
                    AddObject("PersistentVolume", pv, EvidenceRole.Storage);
            })));
        }

        if (claim.Spec?.StorageClassName is { Length: > 0 } className)
        {
            work.Add(Once($"sc/{className}", () => Safely($"storageclass/{className}", "StorageClass", async () =>
            {
                var storageClass = await GetOrNullAsync(() => client.StorageV1.ReadStorageClassAsync(className, cancellationToken: cancellation));
                if (storageClass is null)
                    Bundle.AddNote(claimRef.ToString(), $"StorageClass {className} requested by PersistentVolumeClaim {claimRef.Namespace}/{claimRef.Name} does not exist", NoteSeverity.Error);
                else
                    AddObject("StorageClass", storageClass, EvidenceRole.Storage);
            })));
        }
        await Task.WhenAll(work);
    });

    private async Task PersistentVolumeClaimTargetAsync(ResourceRef target)
    {
        await ClaimAsync(target, "the alert", EvidenceRole.Target);
        if (!Bundle.TryRaiseRole(target, EvidenceRole.Target))
            return;

        // The pods mounting the claim: a namespace listing filtered here, since no field selector names volumes.
        var (pods, _) = await Paging.ListAllAsync<V1PodList, V1Pod>(
            token => client.CoreV1.ListNamespacedPodAsync(target.Namespace, continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            options.MaxPages);
        var users = pods.Where(p => p.Spec?.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName == target.Name) == true)
            .OrderByDescending(PodHealth.Badness).Take(options.MaxPodsPerWorkload).ToList();
        if (users.Count == 0)
            Bundle.AddNote(target.ToString(), "no pod mounts the claim");
        foreach (var pod in users)
        {
            AddObject("Pod", pod, EvidenceRole.Child);
            await OwnersAsync(pod);
            await PodDetailsAsync(pod);
        }
    }
}
