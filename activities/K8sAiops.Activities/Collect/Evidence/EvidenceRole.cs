namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>Why an object is in an evidence bundle: its place in the graph around the alert's target.</summary>
public enum EvidenceRole
{
    /// <summary>The object the alert is about.</summary>
    Target,
    /// <summary>An owner of the target (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob).</summary>
    Owner,
    /// <summary>An object the target owns or selects (ReplicaSets of a Deployment, pods of a workload, Jobs of a CronJob).</summary>
    Child,
    /// <summary>The node a pod runs on, or a candidate node for a pod that cannot be scheduled.</summary>
    Node,
    /// <summary>A PersistentVolumeClaim, PersistentVolume or StorageClass a pod uses.</summary>
    Storage,
    /// <summary>A Service selecting the pods, or its Endpoints.</summary>
    Service,
    /// <summary>An Ingress routing to a Service in the bundle.</summary>
    Ingress,
    /// <summary>A ConfigMap or Secret the pods reference (a Secret carries key names only).</summary>
    Configuration,
    /// <summary>A ResourceQuota of the namespace.</summary>
    Quota,
    /// <summary>A HorizontalPodAutoscaler scaling the workload.</summary>
    Autoscaler,
    /// <summary>A Service (and what backs it) that the pods' error logs name: a likely dependency.</summary>
    Dependency,
}
