using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Inspect.Metrics;
using static K8sAiops.Activities.Inspect.CheckGroups;
using static K8sAiops.Activities.Inspect.Severities;

namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>
/// Every check of the daily inspection. The taxonomy checks are the diagnosis rule engine's own detectors
/// (<see cref="Analyze.Rules.RuleEngine.Detect"/>) run without an alert; the Prometheus ones run only when Prometheus is
/// configured (<see cref="MetricsChecks"/>); the others read the objects' specs and status.
/// </summary>
public static class CheckCatalog
{
    // Own checks, by group.
    public static readonly CheckDefinition Restarts = new("restarts-24h", Reliability, Low,
        "Read the previous logs of the restarting container (kubectl logs --previous) and fix what makes it exit.",
        "containers that restarted in the last 24 hours (medium from 5 restarts)");
    public static readonly CheckDefinition MissingProbes = new("missing-probes", Reliability, Low,
        "Add a readinessProbe (and a livenessProbe) so traffic only reaches ready pods and hung ones are restarted.",
        "long-running containers without a readiness or liveness probe");
    public static readonly CheckDefinition SingleReplica = new("single-replica", Reliability, Low,
        "Run at least 2 replicas (spec.replicas) so one pod's eviction or node drain is not an outage.",
        "Deployments with exactly one replica");
    public static readonly CheckDefinition PdbBlocksEviction = new("pdb-blocks-eviction", Reliability, Medium,
        "Allow at least one disruption: lower minAvailable below the replica count or set maxUnavailable to 1.",
        "PodDisruptionBudgets that allow no eviction at all (maxUnavailable 0, or minAvailable at or above the pods it covers)");
    public static readonly CheckDefinition HpaAtMax = new("hpa-at-max", Capacity, Medium,
        "Raise maxReplicas, or make the pods cheaper per request; at its maximum the autoscaler cannot absorb more load.",
        "HorizontalPodAutoscalers running at their maxReplicas");
    public static readonly CheckDefinition ReplicasUnavailable = new("replicas-unavailable", Reliability, Medium,
        "Find why pods are not ready (kubectl describe pod; kubectl get events) and fix it, or roll back.",
        "Deployments, StatefulSets and DaemonSets with fewer ready pods than desired");
    public static readonly CheckDefinition RolloutStuck = new("rollout-stuck", Reliability, High,
        "Roll back (kubectl rollout undo) or fix the new revision; the rollout passed its progressDeadlineSeconds.",
        "Deployments whose rollout exceeded its progress deadline (Progressing=False, ProgressDeadlineExceeded)");
    public static readonly CheckDefinition WarningEvents = new("warning-events", Hygiene, Low,
        "Look at the events (kubectl get events --field-selector type=Warning) and fix their cause.",
        "Warning events of the last 24 hours, one finding per reason and namespace");
    public static readonly CheckDefinition CronJobFailed = new("cronjob-last-failed", Reliability, Medium,
        "Read the failed Job's pod logs and fix the job; the next run will fail the same way.",
        "CronJobs whose most recent Job failed");
    public static readonly CheckDefinition CronJobMissed = new("cronjob-missed", Reliability, Medium,
        "Check the CronJob controller and startingDeadlineSeconds; a missed run is work that did not happen.",
        "CronJobs, not suspended, that have not run when their schedule said they should");
    public static readonly CheckDefinition MissingRequests = new("missing-requests", Capacity, Medium,
        "Set resources.requests for cpu and memory so the scheduler places the pod where it fits.",
        "containers without a cpu or memory request");
    public static readonly CheckDefinition MissingLimits = new("missing-limits", Efficiency, Low,
        "Set resources.limits.memory so one leaking container cannot take the node's memory.",
        "containers without a memory limit");
    public static readonly CheckDefinition NodeRequestsHigh = new("node-requests-high", Capacity, High,
        "Add nodes or move workloads: new pods will not fit, and a node loss cannot be absorbed.",
        "nodes whose pods request more than 90 % of allocatable cpu or memory");
    public static readonly CheckDefinition UnboundVolume = new("pv-unbound", Efficiency, Low,
        "Delete the PersistentVolume if its data is not needed (check its reclaimPolicy first), or bind it to a claim.",
        "PersistentVolumes that are Available or Released: storage paid for and used by nothing");
    public static readonly CheckDefinition UnboundClaim = new("pvc-unbound", Capacity, Medium,
        "Fix the claim's StorageClass or size, or delete it if nothing needs it.",
        "PersistentVolumeClaims that are not Bound");
    public static readonly CheckDefinition IngressMissingService = new("ingress-missing-service", Reliability, High,
        "Point the Ingress at an existing Service (and port), or create the Service.",
        "Ingress backends naming a Service that does not exist");
    public static readonly CheckDefinition LatestImage = new("latest-image", Hygiene, Medium,
        "Pin the image to a version tag or a digest so a restart cannot silently run different code.",
        "containers whose image is :latest or has no tag");
    public static readonly CheckDefinition TlsExpiring = new("tls-expiring", Security, High,
        "Renew the certificate (check cert-manager's Certificate if it manages the Secret).",
        "TLS Secrets whose certificate expires within 30 days (critical once expired)");
    public static readonly CheckDefinition Privileged = new("privileged-container", Security, High,
        "Drop privileged: true; grant only the capabilities the container needs.",
        "containers running privileged");
    public static readonly CheckDefinition HostPath = new("host-path", Security, Medium,
        "Use a PersistentVolumeClaim, ConfigMap or emptyDir instead of a hostPath volume.",
        "pods mounting hostPath volumes");
    public static readonly CheckDefinition TokenAutomount = new("sa-token-automount", Security, Low,
        "Set automountServiceAccountToken: false on the pod (or its ServiceAccount); nothing grants the account any permission.",
        "pods that mount a ServiceAccount token although no RoleBinding or ClusterRoleBinding grants that account anything");

    /// <summary>The checks that read specs and status (not the rule engine, not Prometheus).</summary>
    public static IReadOnlyList<CheckDefinition> Own { get; } =
    [
        Restarts, MissingProbes, SingleReplica, PdbBlocksEviction, HpaAtMax, ReplicasUnavailable, RolloutStuck, WarningEvents,
        CronJobFailed, CronJobMissed, MissingRequests, MissingLimits, NodeRequestsHigh, UnboundVolume, UnboundClaim,
        IngressMissingService, LatestImage, TlsExpiring, Privileged, HostPath, TokenAutomount,
    ];

    /// <summary>One check per taxonomy category the rule engine finds without an alert.</summary>
    public static IReadOnlyList<CheckDefinition> Taxonomy { get; } = Categories.All
        .Where(c => c is not (Categories.NoIssue or Categories.CpuThrottling))
        .Select(c => new CheckDefinition(c, GroupOf(c), SeverityOf(c), "", $"the diagnosis rule for {c}, run without an alert", c))
        .ToList();

    /// <summary>Every check: the spec and status ones, the taxonomy ones and the Prometheus ones (<see cref="MetricsChecks"/>).</summary>
    public static IReadOnlyList<CheckDefinition> All { get; } = [.. Own, .. Taxonomy, .. MetricsChecks.All];

    private static readonly Dictionary<string, CheckDefinition> ById = All.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static CheckDefinition? Find(string id) => ById.GetValueOrDefault(id);

    private static string GroupOf(string category) => category switch
    {
        Categories.InsufficientResources or Categories.SchedulingConstraints or Categories.PvcPending or Categories.DiskFull
            or Categories.QuotaExceeded or Categories.NodePressure or Categories.HpaMisconfigured => Capacity,
        Categories.RbacDenied => Security,
        _ => Reliability,
    };

    private static string SeverityOf(string category) => category switch
    {
        Categories.NodeNotReady => Critical,
        Categories.OomKilled or Categories.CrashLoop or Categories.BadCommand or Categories.ImagePull or Categories.MissingConfig
            or Categories.InsufficientResources or Categories.SchedulingConstraints or Categories.PvcPending or Categories.VolumeMount
            or Categories.DiskFull or Categories.InitContainerFailure or Categories.NodePressure or Categories.ServiceNoEndpoints
            or Categories.ServicePortMismatch or Categories.DependencyUnavailable or Categories.JobFailed => High,
        _ => Medium,
    };
}
