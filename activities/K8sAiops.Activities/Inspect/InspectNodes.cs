using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Durable;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Inspect;

/// <summary>The input of <see cref="InspectNodes"/>.</summary>
public sealed record InspectNodesRequest(NodeGroup Group, string? Context = null);

/// <summary>One node's allocatable cpu (millicores) and memory (bytes), for the fan-in's requests check.</summary>
public sealed record NodeCapacity(string Name, long CpuMillis, long MemoryBytes, bool Schedulable);

/// <summary>What one node group's inspection found.</summary>
public sealed record NodeGroupInspection(string Group, List<InspectionFinding> Findings, List<NodeCapacity> Nodes, List<string> Notes);

/// <summary>
/// Activity: inspects one node group. Reads the group's nodes from a paged node listing, and points the diagnosis rules
/// (node-not-ready, node-pressure) at nodes whose conditions say something is wrong. Read-only.
/// </summary>
public sealed class InspectNodes(
    KubernetesClients clients, KubernetesEvidenceCollector collector, IOptions<CollectOptions> collect, TimeProvider time)
    : TaskActivity<InspectNodesRequest, NodeGroupInspection>
{
    private static readonly string[] Pressures = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    public override Task<NodeGroupInspection> RunAsync(TaskActivityContext context, InspectNodesRequest input)
    {
        var (client, cluster) = clients.For(input.Context);
        return InspectAsync(client, cluster, collector, input.Group, collect.Value.PageSize, time, ShutdownToken);
    }

    /// <summary>The activity's work: the group's nodes from a paged listing, the node rules on troubled ones, and their allocatable.</summary>
    public static async Task<NodeGroupInspection> InspectAsync(
        IKubernetes client, string cluster, KubernetesEvidenceCollector collector, NodeGroup group, int pageSize, TimeProvider time, CancellationToken cancellation)
    {
        var wanted = group.Nodes.ToHashSet(StringComparer.Ordinal);
        var nodes = new List<V1Node>();
        string? token = null;
        do
        {
            var page = await client.CoreV1.ListNodeAsync(continueParameter: token, limit: pageSize, cancellationToken: cancellation);
            nodes.AddRange(page.Items.Where(n => wanted.Contains(n.Metadata.Name)));
            token = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        var notes = wanted.Except(nodes.Select(n => n.Metadata.Name), StringComparer.Ordinal)
            .Select(n => $"Node {n} was listed at the start but is gone now").ToList();
        var suspects = nodes.Where(Troubled).Select(n => ResourceRef.ClusterScoped("Node", n.Metadata.Name)).ToList();
        var findings = await TaxonomyChecks.RunAsync(collector, client, cluster, suspects, time.GetUtcNow(), cancellation);
        var capacity = nodes.Select(n => new NodeCapacity(n.Metadata.Name,
            Quantities.Millis(n.Status?.Allocatable, "cpu"), Quantities.Bytes(n.Status?.Allocatable, "memory"), n.Spec?.Unschedulable != true)).ToList();
        return new NodeGroupInspection(group.Name, findings, capacity, notes);
    }

    /// <summary>Not Ready, or under memory, disk or PID pressure.</summary>
    public static bool Troubled(V1Node node)
    {
        var conditions = node.Status?.Conditions ?? [];
        return conditions.Any(c => c.Type == "Ready" && c.Status != "True") || conditions.Any(c => Pressures.Contains(c.Type) && c.Status == "True");
    }
}
