using System.Collections.Frozen;
using K8sAiops.Sandbox.Server.Metrics;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Http;

/// <summary>What request handlers share: the object store, the snapshot's container logs, the usage trends and the clock.</summary>
internal sealed class SandboxState(ObjectStore store, IReadOnlyDictionary<ContainerLogKey, string> logs, TimeProvider time, MetricTrends trends)
{
    public ObjectStore Store { get; } = store;

    public FrozenDictionary<ContainerLogKey, string> Logs { get; } = logs.ToFrozenDictionary();

    public TimeProvider Time { get; } = time;

    /// <summary>How the usage series move: <see cref="SandboxServerOptions.MetricTrends"/>, then the snapshot's.</summary>
    public MetricTrends Trends { get; } = trends;

    /// <summary>When the server loaded the snapshot: the time of log lines nothing else dates.</summary>
    public DateTimeOffset LoadedAt { get; } = time.GetUtcNow();
}
