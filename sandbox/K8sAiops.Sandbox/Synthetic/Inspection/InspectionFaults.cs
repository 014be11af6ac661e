using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// Injects what one daily-inspection check looks for (the spec and status checks, not the diagnosis rules' categories,
/// which <see cref="Faults"/> covers): a realistic object in the state the check reports, and nothing else wrong with it,
/// so each fault trips its own check and, where the state is also a taxonomy problem, that category's check.
/// Each adds its own objects under free names, so faults combine and fit generated clusters of any size.
/// </summary>
public static class InspectionFaults
{
    private static readonly Dictionary<string, Func<FaultContext, InspectionFault>> Injections = new(StringComparer.Ordinal)
    {
        ["restarts-24h"] = RecentRestartsFault.Inject,
        ["missing-probes"] = MissingProbesFault.Inject,
        ["single-replica"] = SingleReplicaFault.Inject,
        ["pdb-blocks-eviction"] = PdbBlocksEvictionFault.Inject,
        ["hpa-at-max"] = HpaAtMaxFault.Inject,
        ["replicas-unavailable"] = ReplicasUnavailableFault.Inject,
        ["rollout-stuck"] = RolloutStuckFault.Inject,
        ["warning-events"] = WarningEventsFault.Inject,
        ["cronjob-last-failed"] = CronJobFailedFault.Inject,
        ["cronjob-missed"] = CronJobMissedFault.Inject,
        ["missing-requests"] = MissingRequestsFault.Inject,
        ["missing-limits"] = MissingLimitsFault.Inject,
        ["node-requests-high"] = NodeRequestsHighFault.Inject,
        ["pv-unbound"] = PvUnboundFault.Inject,
        ["pvc-unbound"] = PvcUnboundFault.Inject,
        ["ingress-missing-service"] = IngressMissingServiceFault.Inject,
        ["latest-image"] = LatestImageFault.Inject,
        ["tls-expiring"] = TlsExpiringFault.Inject,
        ["privileged-container"] = PrivilegedContainerFault.Inject,
        ["host-path"] = HostPathFault.Inject,
        ["sa-token-automount"] = TokenAutomountFault.Inject,
    };

    /// <summary>Every check a fault can be injected for: the inspection's own checks (its <c>CheckCatalog.Own</c>).</summary>
    public static IReadOnlyList<string> Checks { get; } = Injections.Keys.ToArray();

    /// <summary>Injects what <paramref name="check"/> finds into <paramref name="snapshot"/> and says where.</summary>
    /// <exception cref="ArgumentException"><paramref name="check"/> is not one of <see cref="Checks"/>.</exception>
    /// <exception cref="InvalidOperationException">The snapshot cannot take the fault (e.g. no schedulable node).</exception>
    public static InspectionFault Inject(ClusterSnapshot snapshot, string check, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        if (!Injections.TryGetValue(check, out var inject))
        {
            throw new ArgumentException($"'{check}' is not an inspection check with a fault; use one of {string.Join(", ", Checks)}.", nameof(check));
        }

        var ns = options.Namespace ?? Faults.DefaultNamespace(snapshot);
        var builder = ClusterBuilder.Attach(snapshot, options.Now, $"inspection|{check}|{ns}");
        var fault = inject(new FaultContext(builder, ns, check));
        Policies.RecountQuota(builder, ns, raise: true);
        return fault;
    }
}
