using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Inspect;

/// <summary>The input of <see cref="InspectNodes"/>.</summary>
public sealed record InspectNodesRequest(NodeGroup Group, string? Context = null);

/// <summary>One node's allocatable cpu (millicores) and memory (bytes), for the fan-in's requests check.</summary>
public sealed record NodeCapacity(string Name, long CpuMillis, long MemoryBytes, bool Schedulable);

/// <summary>What one node group's inspection found.</summary>
public sealed record NodeGroupInspection(string Group, List<InspectionFinding> Findings, List<NodeCapacity> Nodes, List<string> Notes);

/// <summary>
/// Activity: inspects one node group. Reads the group's nodes by name, and points the diagnosis rules
/// (node-not-ready, node-pressure) at nodes whose conditions say something is wrong. Read-only.
/// </summary>
public sealed class InspectNodes(
    KubernetesClients clients, KubernetesEvidenceCollector collector, TimeProvider time)
    : TaskActivity<InspectNodesRequest, NodeGroupInspection>
{
    private static readonly string[] Pressures = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    public override Task<NodeGroupInspection> RunAsync(TaskActivityContext context, InspectNodesRequest input)
    {
        var (client, cluster) = clients.For(input.Context);
        return InspectAsync(client, cluster, collector, input.Group, time, ShutdownToken);
    }

    /// <summary>Nodes read at once.</summary>
    private const int ParallelReads = 8;

    /// <summary>
    /// The activity's work: the group's nodes, each read by name (a listing of every node per group would grow as
    /// nodes² / group size), the node rules on troubled ones, and their allocatable.
    /// </summary>
    public static async Task<NodeGroupInspection> InspectAsync(
        IKubernetes client, string cluster, KubernetesEvidenceCollector collector, NodeGroup group, TimeProvider time, CancellationToken cancellation)
    {
        var read = new V1Node?[group.Nodes.Count];
        var notes = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, group.Nodes.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellation }, async (i, ct) =>
        {
            var name = group.Nodes[i];
            try
            {
                read[i] = await client.CoreV1.ReadNodeAsync(name, cancellationToken: ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                lock (notes)
                    notes.Add($"Node {name} was listed at the start but is gone now");
            }
        });
        var nodes = read.OfType<V1Node>().ToList();
        notes.Sort(StringComparer.Ordinal);

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
