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

    /// <summary>
    /// Other surface forms of a category, as real clusters show them (issue 11): the form's name, the category it belongs
    /// to, and how it is injected. <see cref="Categories"/> keeps one form per category; these are the further ones.
    /// </summary>
    private static readonly Dictionary<string, (string Category, Func<FaultContext, InjectedFault> Inject)> FormInjections = new(StringComparer.Ordinal)
    {
        ["liveness-slow-start"] = ("probe-failure", LivenessSlowStartFault.Inject),
        ["wait-for-first-consumer"] = ("scheduling-constraints", WaitForFirstConsumerFault.Inject),
        ["init-waits"] = ("dependency-unavailable", InitWaitsFault.Inject),
        ["evicted-disk"] = ("node-pressure", EvictedDiskFault.Inject),
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

    /// <summary>The further forms <see cref="InjectForm"/> takes, e.g. <c>liveness-slow-start</c> (a probe-failure).</summary>
    public static IReadOnlyList<string> Forms { get; } = FormInjections.Keys.ToArray();

    /// <summary>The taxonomy id a form of <see cref="Forms"/> is a case of.</summary>
    /// <exception cref="ArgumentException"><paramref name="form"/> is not one of <see cref="Forms"/>.</exception>
    public static string CategoryOf(string form) => Form(form).Category;

    /// <summary>Injects the fault form <paramref name="form"/> (one of <see cref="Forms"/>) into <paramref name="snapshot"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="form"/> is not one of <see cref="Forms"/>.</exception>
    /// <exception cref="InvalidOperationException">The snapshot cannot take the fault (e.g. no schedulable node is left).</exception>
    public static InjectedFault InjectForm(ClusterSnapshot snapshot, string form, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var (category, inject) = Form(form);
        var ns = options.Namespace ?? DefaultNamespace(snapshot);
        var builder = ClusterBuilder.Attach(snapshot, options.Now, $"{category}/{form}|{ns}");
        return inject(new FaultContext(builder, ns, category));
    }

    private static (string Category, Func<FaultContext, InjectedFault> Inject) Form(string form) =>
        FormInjections.TryGetValue(form, out var entry)
            ? entry
            : throw new ArgumentException($"'{form}' is not a fault form; use one of {string.Join(", ", Forms)}.", nameof(form));

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
