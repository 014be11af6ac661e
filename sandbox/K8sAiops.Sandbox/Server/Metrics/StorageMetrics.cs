using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's PersistentVolumeClaim and PersistentVolume phase and access-mode families.</summary>
internal static class StorageMetrics
{
    private static readonly string[] ClaimPhases = ["Lost", "Bound", "Pending"];
    private static readonly string[] VolumePhases = ["Pending", "Available", "Bound", "Released", "Failed"];

    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> claims, IReadOnlyList<StoredObject> volumes)
    {
        var claimPhase = w.Gauge("kube_persistentvolumeclaim_status_phase", "[STABLE] The phase the persistent volume claim is currently in.");
        foreach (var c in claims)
        {
            if (c.Json.StringAt("status", "phase") is { Length: > 0 } phase)
            {
                foreach (var candidate in ClaimPhases)
                {
                    claimPhase.Add(candidate == phase ? 1 : 0, ("namespace", c.Namespace), ("persistentvolumeclaim", c.Name), ("phase", candidate));
                }
            }
        }

        var accessMode = w.Gauge("kube_persistentvolumeclaim_access_mode", "[STABLE] The access mode(s) specified by the persistent volume claim.");
        foreach (var c in claims)
        {
            foreach (var mode in c.Json.ItemsAt("spec", "accessModes"))
            {
                accessMode.Add(1, ("namespace", c.Namespace), ("persistentvolumeclaim", c.Name), ("access_mode", mode.GetString() ?? ""));
            }
        }

        var volumePhase = w.Gauge("kube_persistentvolume_status_phase", "[STABLE] The phase indicates if a volume is available, bound to a claim, or released by a claim.");
        foreach (var v in volumes)
        {
            if (v.Json.StringAt("status", "phase") is { Length: > 0 } phase)
            {
                foreach (var candidate in VolumePhases)
                {
                    volumePhase.Add(candidate == phase ? 1 : 0, ("persistentvolume", v.Name), ("phase", candidate));
                }
            }
        }
    }
}
