using K8sAiops.Activities.Inspect;

namespace K8sAiops.Activities.Tests.Inspect.Report;

/// <summary>
/// A realistic daily inspection of a small production cluster: seven namespaces (one clean, one cluster-scoped row), fifteen
/// open findings over every severity and status (new, persisting, accepted; one at a check's cap, one with a pipe and one
/// with a line break in its message), three resolved, five forecasts (two without enough data, one that does not grow),
/// thirty days of trend, and the deductions. The score, the grades, the namespace rows and the deductions are computed from
/// the findings, so a test that adds findings gets a report that still adds up: the deductions sum to 100 − score.
/// </summary>
internal static class SampleInspectionReport
{
    public const string Cluster = "prod-eu-1";

    public static readonly DateTimeOffset FinishedAt = new(2025, 5, 20, 6, 4, 12, TimeSpan.Zero);

    /// <summary>The sample, with <paramref name="extra"/> findings added to its own fifteen.</summary>
    public static InspectionReport Build(params InspectionFinding[] extra) => Assemble([.. Findings(), .. extra]);

    /// <summary>A report around exactly these findings (score, namespaces and deductions from them; the rest as in the sample).</summary>
    public static InspectionReport Assemble(List<InspectionFinding> findings)
    {
        var deductions = findings.Where(f => f.Points > 0).Select(f => new Deduction(f.Id, f.Check, f.Severity, f.Resource, f.Points,
            f.Check == "missing-limits" ? "missing-limits counts at most 1 point; 1 more finding not counted" : null)).ToList();
        var score = Math.Max(0, 100 - deductions.Sum(d => d.Points));
        var trend = Trend(score);
        var previous = trend[^2];
        return new InspectionReport
        {
            Id = "inspect-20250520-0600",
            Cluster = Cluster,
            StartedAt = FinishedAt.AddMinutes(-4).AddSeconds(-31),
            FinishedAt = FinishedAt,
            Score = score,
            Grade = Grade(score),
            Previous = new PreviousRun(previous.Id, previous.FinishedAt, previous.Score, Grade(previous.Score)),
            Namespaces = Namespaces(findings),
            Findings = findings,
            Resolved = Resolved(),
            Forecasts = Forecasts(),
            Deductions = deductions,
            Trend = trend,
            Notes =
            [
                "Namespace legacy: listing pods failed (403 Forbidden); its workloads were not checked.",
                "Prometheus had no node_memory series for worker-4, so its headroom has no forecast.",
            ],
            Objects = new() { ["pods"] = 142, ["deployments"] = 38, ["statefulsets"] = 4, ["nodes"] = 4, ["persistentvolumeclaims"] = 9, ["configmaps"] = 61 },
        };
    }

    /// <summary>The grade the sample gives a score (the real one is the scorer's; the report only carries it).</summary>
    public static string Grade(int score) => score switch
    {
        >= 90 => "A",
        >= 80 => "B",
        >= 70 => "C",
        >= 60 => "D",
        _ => "F",
    };

    public static InspectionFinding Finding(string check, string group, string severity, FindingResource resource, string message, string fix,
        int points, string status = FindingStatuses.Persisting, AcceptedFinding? accepted = null) => new()
    {
        Id = InspectionFinding.MakeId(check, resource),
        Check = check,
        Category = group,
        Group = group,
        Severity = severity,
        Resource = resource,
        Message = message,
        Fix = fix,
        Points = points,
        Status = status,
        Accepted = accepted,
        FirstSeen = status == FindingStatuses.New ? FinishedAt : FinishedAt.AddDays(-6),
    };

    private static List<InspectionFinding> Findings() =>
    [
        Finding("crash-loop", CheckGroups.Reliability, Severities.Critical, Pod("shop", "checkout-7d9f8c6b5-x2kqp"),
            "Container checkout restarted 14 times in the last hour (CrashLoopBackOff, exit code 1).",
            "Read the previous container's log (kubectl logs --previous) and fix the start-up error.", 8, FindingStatuses.New),
        Finding("privileged-container", CheckGroups.Security, Severities.Critical, Deployment("batch", "report-builder"),
            "Container builder runs privileged and can reach every device of its node.",
            "Drop securityContext.privileged and grant only the capabilities it needs.", 8),
        Finding("no-pdb", CheckGroups.Reliability, Severities.High, Deployment("shop", "frontend"),
            "3 replicas and no PodDisruptionBudget: a node drain can stop all of them at once.",
            "Add a PodDisruptionBudget with minAvailable: 2.", 4),
        Finding("node-pressure", CheckGroups.Capacity, Severities.High, new FindingResource("Node", "", "worker-2"),
            "MemoryPressure has been True for 2 h 10 min; the kubelet is evicting pods.",
            "Move memory-heavy pods away or add a node.", 4, FindingStatuses.New),
        Finding("cluster-admin-binding", CheckGroups.Security, Severities.High, new FindingResource("ClusterRoleBinding", "", "ci-deployer"),
            "Binds cluster-admin to ServiceAccount ci/deployer.", "Bind a role limited to the namespaces CI deploys to.", 0,
            FindingStatuses.Accepted, new AcceptedFinding("CI needs it until the pipeline migration", new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero))),
        Finding("latest-image", CheckGroups.Hygiene, Severities.Medium, Deployment("shop", "frontend"),
            "Image nginx:latest uses a mutable tag; a restart may run different code.", "Pin the image by version or digest.", 2),
        Finding("missing-requests", CheckGroups.Efficiency, Severities.Medium, Deployment("monitoring", "grafana"),
            "No CPU or memory requests: the scheduler places it blind.", "Set requests from the last 7 days' usage (cpu 50m, memory 180Mi).", 2),
        Finding("no-readiness-probe", CheckGroups.Reliability, Severities.Medium, Deployment("batch", "queue-worker"),
            "No readiness probe; traffic reaches new pods before they are ready.", "Add a readinessProbe on /healthz.", 2, FindingStatuses.New),
        Finding("pvc-almost-full", CheckGroups.Capacity, Severities.Medium, Pvc("shop", "data-postgres-0"),
            "83% used (41.5 of 50 GiB).", "Expand the claim to 80 GiB or prune old WAL files.", 2),
        Finding("missing-limits", CheckGroups.Efficiency, Severities.Low, Deployment("shop", "checkout"),
            "Requests | limits: the memory limit is missing on 1 of 2 containers.", "Set resources.limits.memory on container checkout.", 1, FindingStatuses.New),
        Finding("default-service-account", CheckGroups.Security, Severities.Low, Deployment("monitoring", "grafana"),
            "Runs as the namespace's default ServiceAccount.", "Create a ServiceAccount for it with automountServiceAccountToken: false.", 1),
        Finding("missing-limits", CheckGroups.Efficiency, Severities.Low, Deployment("batch", "report-builder"),
            "No CPU or memory limits.", "Set resources.limits on container builder.", 0),
        Finding("orphaned-configmap", CheckGroups.Hygiene, Severities.Info, new FindingResource("ConfigMap", "kube-system", "old-dashboard-settings"),
            "Not referenced by any pod, volume or env var.", "Delete it if nothing outside the cluster reads it.", 0, FindingStatuses.New),
        Finding("kubelet-version-skew", CheckGroups.Hygiene, Severities.Info, new FindingResource("Node", "", "worker-3"),
            "Kubelet v1.29.4 is two minor versions behind the control plane (v1.31.2).", "Upgrade the node pool.", 0),
        Finding("finished-job-kept", CheckGroups.Hygiene, Severities.Info, new FindingResource("Job", "batch", "nightly-export-28911520"),
            "Completed 9 days ago.\nNo ttlSecondsAfterFinished is set, so it stays.", "Set ttlSecondsAfterFinished: 86400 on the CronJob's jobTemplate.", 0,
            FindingStatuses.New),
    ];

    private static List<InspectionFinding> Resolved() =>
    [
        Finding("image-pull-backoff", CheckGroups.Reliability, Severities.High, Pod("shop", "cart-5c4b7f9d8-9wq2m"),
            "Image registry.example/cart:2.4.1 could not be pulled.", "Fix the tag or the pull secret.", 0, FindingStatuses.Resolved),
        Finding("no-pdb", CheckGroups.Reliability, Severities.Medium, Deployment("payments", "api"),
            "2 replicas and no PodDisruptionBudget.", "Add a PodDisruptionBudget.", 0, FindingStatuses.Resolved),
        Finding("latest-image", CheckGroups.Hygiene, Severities.Low, Deployment("monitoring", "alert-relay"),
            "Image busybox:latest uses a mutable tag.", "Pin the image.", 0, FindingStatuses.Resolved),
    ];

    private static List<Forecast> Forecasts()
    {
        var windowEnd = FinishedAt;
        var week = windowEnd.AddDays(-7);
        return
        [
            new Forecast
            {
                Kind = "pvc-full", Resource = Pvc("shop", "data-postgres-0"), Fit = "linear",
                Message = "PVC shop/data-postgres-0 is full in 6.2 days (4.9–8.1)",
                Query = "kubelet_volume_stats_used_bytes{namespace=\"shop\",persistentvolumeclaim=\"data-postgres-0\"}",
                WindowStart = week, WindowEnd = windowEnd, Samples = 2016, EnoughData = true,
                Current = 41.5 * Gib, Limit = 50 * Gib, SlopePerHour = 8.5 * Gib / 148.8, HoursToLimit = 148.8, HoursLow = 117.6, HoursHigh = 194.4,
            },
            new Forecast
            {
                Kind = "memory-limit", Resource = Pod("shop", "checkout-7d9f8c6b5-x2kqp"), Fit = "holt",
                Message = "Container checkout reaches its 1 GiB memory limit in 30 h (22–41)",
                Query = "container_memory_working_set_bytes{namespace=\"shop\",pod=\"checkout-7d9f8c6b5-x2kqp\",container=\"checkout\"}",
                WindowStart = windowEnd.AddDays(-2), WindowEnd = windowEnd, Samples = 576, EnoughData = true,
                Current = 0.71 * Gib, Limit = Gib, SlopePerHour = 0.29 * Gib / 30, HoursToLimit = 30, HoursLow = 22, HoursHigh = 41,
            },
            new Forecast
            {
                Kind = "node-headroom", Resource = new FindingResource("Node", "", "worker-1"), Fit = "linear",
                Message = "Node worker-1's allocatable memory use is flat; no limit in sight",
                Query = "sum by (node) (kube_pod_container_resource_requests{resource=\"memory\",node=\"worker-1\"})",
                WindowStart = week, WindowEnd = windowEnd, Samples = 2016, EnoughData = true,
                Reason = "the series does not grow", Current = 22 * Gib, Limit = 30 * Gib, SlopePerHour = 0,
            },
            new Forecast
            {
                Kind = "pvc-full", Resource = Pvc("monitoring", "prometheus-data"), Fit = "linear",
                Message = "Not enough data for PVC monitoring/prometheus-data",
                Query = "kubelet_volume_stats_used_bytes{namespace=\"monitoring\",persistentvolumeclaim=\"prometheus-data\"}",
                WindowStart = windowEnd.AddHours(-1), WindowEnd = windowEnd, Samples = 12, EnoughData = false,
                Reason = "only 1 h of samples; a forecast needs 2 days",
            },
            new Forecast
            {
                Kind = "memory-limit", Resource = Deployment("batch", "report-builder"), Fit = "holt",
                Message = "Not enough data for batch/report-builder",
                Query = "container_memory_working_set_bytes{namespace=\"batch\",container=\"builder\"}",
                WindowStart = week, WindowEnd = windowEnd, Samples = 0, EnoughData = false,
                Reason = "Prometheus returned no series",
            },
        ];
    }

    /// <summary>Thirty daily runs ending with this one's score; the one before it is the previous run.</summary>
    private static List<TrendPoint> Trend(int score) =>
    [
        .. Enumerable.Range(0, 29).Select(i =>
        {
            var at = FinishedAt.AddDays(i - 29);
            return new TrendPoint($"inspect-{at:yyyyMMdd}-0600", at, 74 + (int)Math.Round(9 * Math.Sin(i / 4.0)) - (i > 24 ? 6 : 0));
        }),
        new TrendPoint("inspect-20250520-0600", FinishedAt, score),
    ];

    /// <summary>One row per namespace the cluster has (a clean one included) and one for the cluster-scoped findings.</summary>
    private static List<NamespaceScore> Namespaces(List<InspectionFinding> findings) =>
    [
        .. new[] { "shop", "payments", "batch", "monitoring", "kube-system", "ingress", "" }
            .Union(findings.Select(f => f.Resource.Namespace))
            .Select(ns =>
            {
                var own = findings.Where(f => f.Resource.Namespace == ns).ToList();
                var score = Math.Max(0, 100 - own.Sum(f => f.Points));
                return new NamespaceScore(ns, score, Grade(score), own.Count);
            }),
    ];

    private const double Gib = 1024d * 1024 * 1024;

    private static FindingResource Pod(string ns, string name) => new("Pod", ns, name);

    private static FindingResource Deployment(string ns, string name) => new("Deployment", ns, name);

    private static FindingResource Pvc(string ns, string name) => new("PersistentVolumeClaim", ns, name);
}
