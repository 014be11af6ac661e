using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Server;

/// <summary>Options of a <see cref="SandboxServer"/>.</summary>
public sealed class SandboxServerOptions
{
    /// <summary>The port on 127.0.0.1 to listen on.</summary>
    /// <value>0: a free port chosen by the operating system (see <see cref="SandboxServer.BaseAddress"/>).</value>
    public int Port { get; set; }

    /// <summary>
    /// The clock: creation timestamps of new objects, event times, AGE columns, and what <c>sinceSeconds</c> counts back from.
    /// </summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long the states of past revisions are kept, so that a list paged with <c>continue</c> stays consistent.
    /// A continue token older than this answers 410 Expired, as after an etcd compaction.
    /// </summary>
    /// <value>5 minutes, the API server's default compaction interval.</value>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What the cluster's applications need (memory, images that cannot be pulled, crashing containers), consulted
    /// before the snapshot's own <see cref="Snapshots.ClusterSnapshot.Faults"/> and what is derived from its pods.
    /// </summary>
    /// <value>null: none besides the snapshot's.</value>
    public FaultModel? Faults { get; set; }

    /// <summary>Whether needs are derived from the snapshot's failing pods (OOMKilled, image pull errors, crash loops) where no explicit entry covers them.</summary>
    /// <value>true.</value>
    public bool DeriveFaults { get; set; } = true;

    /// <summary>
    /// How the usage series of <c>/metrics/cadvisor</c>, <c>/metrics/kubelet</c> and <c>/metrics/node-exporter</c> start and
    /// move (volumes filling, memory growing, CPU throttled), consulted before the snapshot's own
    /// <see cref="Snapshots.ClusterSnapshot.MetricTrends"/>. Values move on <see cref="TimeProvider"/> from the moment the server starts.
    /// </summary>
    /// <value>null: none besides the snapshot's (every object at its steady default).</value>
    public MetricTrends? MetricTrends { get; set; }
}
