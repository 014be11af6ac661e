using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// Injects one failure of a taxonomy category (<c>diagnosis-taxonomy.md</c>) into a snapshot, shaped as a real cluster
/// shows it: the reasons, messages, exit codes, events, conditions and log lines the kubelet, scheduler, controllers
/// and applications write. Each fault adds its own workloads (or, for node faults, takes a node), so faults can be
/// combined in one snapshot and injected into generated clusters of any size.
/// </summary>
public static class Faults
{
    private static readonly Dictionary<string, Func<FaultContext, InjectedFault>> Injections = new(StringComparer.Ordinal)
    {
        ["oom-killed"] = OomKilledFault.Inject,
        ["crash-loop"] = CrashLoopFault.Inject,
        ["bad-command"] = BadCommandFault.Inject,
        ["image-pull"] = ImagePullFault.Inject,
        ["missing-config"] = MissingConfigFault.Inject,
        ["insufficient-resources"] = InsufficientResourcesFault.Inject,
        ["scheduling-constraints"] = SchedulingConstraintsFault.Inject,
        ["pvc-pending"] = PvcPendingFault.Inject,
        ["volume-mount"] = VolumeMountFault.Inject,
        ["disk-full"] = DiskFullFault.Inject,
        ["probe-failure"] = ProbeFailureFault.Inject,
        ["init-container-failure"] = InitContainerFailureFault.Inject,
        ["quota-exceeded"] = QuotaExceededFault.Inject,
        ["node-pressure"] = NodePressureFault.Inject,
        ["node-not-ready"] = NodeNotReadyFault.Inject,
        ["service-no-endpoints"] = ServiceNoEndpointsFault.Inject,
        ["service-port-mismatch"] = ServicePortMismatchFault.Inject,
        ["scaled-to-zero"] = ScaledToZeroFault.Inject,
        ["dependency-unavailable"] = DependencyUnavailableFault.Inject,
        ["rbac-denied"] = RbacDeniedFault.Inject,
        ["hpa-misconfigured"] = HpaMisconfiguredFault.Inject,
        ["job-failed"] = JobFailedFault.Inject,
    };

    private static readonly HashSet<string> SystemNamespaceNames =
        new(["default", "kube-system", "kube-public", "kube-node-lease", SystemNamespaces.Monitoring], StringComparer.Ordinal);

    /// <summary>Every category a fault can be injected for: all of the taxonomy but <c>cpu-throttling</c> (metrics only) and <c>no-issue</c>.</summary>
    public static IReadOnlyList<string> Categories { get; } = Injections.Keys.ToArray();

    /// <summary>Injects a fault of <paramref name="category"/> into <paramref name="snapshot"/> and says what it is and where.</summary>
    /// <exception cref="ArgumentException"><paramref name="category"/> is not one of <see cref="Categories"/>.</exception>
    /// <exception cref="InvalidOperationException">The snapshot cannot take the fault (e.g. no schedulable node is left).</exception>
    public static InjectedFault Inject(ClusterSnapshot snapshot, string category, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        if (!Injections.TryGetValue(category, out var inject))
        {
            throw new ArgumentException(
                $"'{category}' is not a fault category; use one of {string.Join(", ", Categories)}.", nameof(category));
        }

        var ns = options.Namespace ?? DefaultNamespace(snapshot);
        var builder = ClusterBuilder.Attach(snapshot, options.Now, $"{category}|{ns}");
        return inject(new FaultContext(builder, ns, category));
    }

    /// <summary>Injects a fault of <paramref name="category"/> at <paramref name="now"/> in the default namespace.</summary>
    public static InjectedFault Inject(ClusterSnapshot snapshot, string category, DateTimeOffset now) =>
        Inject(snapshot, category, new FaultOptions { Now = now });

    /// <summary>The first application namespace, else the first Deployment's, else <c>default</c>.</summary>
    internal static string DefaultNamespace(ClusterSnapshot snapshot)
    {
        var names = snapshot.Objects.Where(o => K8sJson.Kind(o) == ResourceKinds.Namespace.Kind).Select(K8sJson.Name)
            .Concat(snapshot.Objects.Where(o => K8sJson.Kind(o) == ResourceKinds.Deployment.Kind).Select(K8sJson.Namespace));
        return names.FirstOrDefault(n => !SystemNamespaceNames.Contains(n)) ?? "default";
    }
}
