namespace K8sAiops.Activities.Analyze;

/// <summary>The root-cause ids of <c>diagnosis-taxonomy.md</c>: a public contract, never renamed.</summary>
public static class Categories
{
    public const string OomKilled = "oom-killed";
    public const string CrashLoop = "crash-loop";
    public const string BadCommand = "bad-command";
    public const string ImagePull = "image-pull";
    public const string MissingConfig = "missing-config";
    public const string InsufficientResources = "insufficient-resources";
    public const string SchedulingConstraints = "scheduling-constraints";
    public const string PvcPending = "pvc-pending";
    public const string VolumeMount = "volume-mount";
    public const string DiskFull = "disk-full";
    public const string ProbeFailure = "probe-failure";
    public const string InitContainerFailure = "init-container-failure";
    public const string QuotaExceeded = "quota-exceeded";
    public const string NodePressure = "node-pressure";
    public const string NodeNotReady = "node-not-ready";
    public const string ServiceNoEndpoints = "service-no-endpoints";
    public const string ServicePortMismatch = "service-port-mismatch";
    public const string ScaledToZero = "scaled-to-zero";
    public const string DependencyUnavailable = "dependency-unavailable";
    public const string RbacDenied = "rbac-denied";
    public const string HpaMisconfigured = "hpa-misconfigured";
    public const string JobFailed = "job-failed";
    public const string CpuThrottling = "cpu-throttling";
    public const string NoIssue = "no-issue";

    public static IReadOnlyList<string> All { get; } =
    [
        OomKilled, CrashLoop, BadCommand, ImagePull, MissingConfig, InsufficientResources, SchedulingConstraints,
        PvcPending, VolumeMount, DiskFull, ProbeFailure, InitContainerFailure, QuotaExceeded, NodePressure,
        NodeNotReady, ServiceNoEndpoints, ServicePortMismatch, ScaledToZero, DependencyUnavailable, RbacDenied,
        HpaMisconfigured, JobFailed, CpuThrottling, NoIssue,
    ];
}

/// <summary>The fixed catalogue of remediation actions a diagnosis may propose.</summary>
public static class ActionKinds
{
    public const string RestartWorkload = "restart-workload";
    public const string DeletePod = "delete-pod";
    public const string Scale = "scale";
    public const string PatchMemoryLimit = "patch-memory-limit";
    public const string PatchCpuLimit = "patch-cpu-limit";
    public const string Rollback = "rollback";
    public const string CordonNode = "cordon-node";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [RestartWorkload, DeletePod, Scale, PatchMemoryLimit, PatchCpuLimit, Rollback, CordonNode, None];
}
