using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Server.Metrics;

namespace K8sAiops.Sandbox.Snapshots;

/// <summary>
/// A cluster's state at one moment: its objects and its containers' logs, as read from a
/// <c>kubectl cluster-info dump</c> (see <c>cluster-snapshot-format.md</c>) or made by the synthetic generator.
/// </summary>
/// <remarks>
/// Every object carries <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c> (and <c>metadata.namespace</c>
/// when its kind is namespaced); the kind is one of <see cref="ResourceKinds.All"/>. Objects are kept as JSON
/// so that the sandbox serves exactly what was captured, fields it does not model included.
/// </remarks>
public sealed class ClusterSnapshot
{
    /// <summary>The objects, in no particular order.</summary>
    public List<JsonObject> Objects { get; } = [];

    /// <summary>Container logs: the text kubectl would print for <c>kubectl logs</c> (with <c>--previous</c> when <see cref="ContainerLogKey.Previous"/>).</summary>
    public Dictionary<ContainerLogKey, string> Logs { get; } = [];

    /// <summary>
    /// What the cluster's applications need, beyond what the sandbox reads from the failing pods themselves: in the
    /// directory form, <see cref="FaultModel.FileName"/> at the root (absent when empty).
    /// </summary>
    public FaultModel Faults { get; } = new();

    /// <summary>
    /// How the cluster's usage series start and move while the sandbox serves it (a volume filling up, a container near its
    /// memory limit or throttled, see <see cref="UsageFaults"/>): in the directory form, <see cref="MetricTrends.FileName"/>
    /// at the root (absent when empty).
    /// </summary>
    public MetricTrends MetricTrends { get; } = new();

    /// <summary>Where the snapshot came from (a path, or a description such as <c>synthetic</c>), for messages.</summary>
    public string Source { get; init; } = "memory";
}

/// <summary>Identifies one container log in a snapshot.</summary>
public readonly record struct ContainerLogKey(string Namespace, string Pod, string Container, bool Previous);
