using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    private async Task NodeTargetAsync(ResourceRef target)
    {
        var pods = await NodeAsync(target.Name, EvidenceRole.Target);
        foreach (var pod in pods.Where(p => !PodHealth.IsReady(p) && p.Status?.Phase != "Succeeded")
                     .OrderByDescending(PodHealth.Badness).Take(options.MaxPodsPerWorkload))
        {
            var reference = AddObject("Pod", pod, EvidenceRole.Child);
            await Safely(reference.ToString(), "events", () => EventsForAsync(reference));
        }
    }

    /// <summary>
    /// A node with its events and the pods bound to it (read with <c>spec.nodeName</c>, not a cluster-wide listing),
    /// from which its allocation and its evictions are worked out. Returns the pods.
    /// </summary>
    private async Task<List<V1Pod>> NodeAsync(string name, EvidenceRole role)
    {
        var source = $"node/{name}";
        var node = await GetOrNullAsync(() => client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellation));
        if (node is null)
        {
            Bundle.AddNote(source, $"Node {name} does not exist (it may have been removed from the cluster)", NoteSeverity.Error);
            return [];
        }
        AddObject("Node", node, role);

        var pods = new List<V1Pod>();
        await Task.WhenAll(
            Safely(source, "events", () => EventsForAsync(ResourceRef.ClusterScoped("Node", name))),
            Safely(source, "pods on the node", async () =>
            {
                var (items, complete) = await Paging.ListAllAsync<V1PodList, V1Pod>(
                    token => client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={name}", continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
                    options.MaxPages);
                pods.AddRange(items);
                Bundle.AddAllocation(Allocation(node, items));
                if (!complete)
                    Bundle.AddNote(source, "the node's pod listing was cut short; the allocation counts only the pods read", NoteSeverity.Info);
                NoteEvictions(source, items);
            }));
        return pods;
    }

    private void NoteEvictions(string source, List<V1Pod> pods)
    {
        var evicted = pods.Where(p => p.Status?.Reason == "Evicted").ToList();
        if (evicted.Count == 0)
            return;
        var example = evicted[0];
        Bundle.AddNote(source,
            $"{evicted.Count} pod(s) on the node were evicted, e.g. {example.Metadata.NamespaceProperty}/{example.Metadata.Name}: {redact(example.Status.Message ?? "")}".TrimEnd(' ', ':'),
            NoteSeverity.Warning);
    }

    private static NodeAllocation Allocation(V1Node node, List<V1Pod> pods)
    {
        var active = pods.Where(p => !PodHealth.IsTerminal(p)).ToList();
        long cpu = 0, memory = 0;
        foreach (var pod in active)
        {
            cpu += Quantities.PodRequestMillis(pod, "cpu");
            memory += Quantities.PodRequestBytes(pod, "memory");
        }
        var allocatable = node.Status?.Allocatable;
        return new NodeAllocation
        {
            Id = "",
            Node = node.Metadata.Name,
            CpuAllocatableMillis = Quantities.Millis(allocatable, "cpu"),
            CpuRequestedMillis = cpu,
            MemoryAllocatableBytes = Quantities.Bytes(allocatable, "memory"),
            MemoryRequestedBytes = memory,
            PodsAllocatable = (int)Quantities.Bytes(allocatable, "pods"),
            Pods = active.Count,
        };
    }

    /// <summary>
    /// For a pod no node has taken: one line per node (readiness, allocatable, taints, cordon), so the scheduler's
    /// verdict can be read against the nodes it judged.
    /// </summary>
    private Task CandidateNodesAsync() => Safely("cluster", "node list", async () =>
    {
        var (nodes, complete) = await Paging.ListAllAsync<V1NodeList, V1Node>(
            token => client.CoreV1.ListNodeAsync(continueParameter: token, limit: options.PageSize, cancellationToken: cancellation),
            1);
        foreach (var node in nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Take(20))
            Bundle.AddNote($"node/{node.Metadata.Name}", DescribeNode(node));
        if (nodes.Count > 20 || !complete)
            Bundle.AddNote("cluster", $"{nodes.Count}{(complete ? "" : "+")} nodes; the first 20 are described");
    });

    private static string DescribeNode(V1Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "Unknown";
        var pressure = node.Status?.Conditions?.Where(c => c.Type.EndsWith("Pressure", StringComparison.Ordinal) && c.Status == "True")
            .Select(c => c.Type).ToList() ?? [];
        var taints = node.Spec?.Taints?.Select(t => $"{t.Key}{(string.IsNullOrEmpty(t.Value) ? "" : "=" + t.Value)}:{t.Effect}").ToList() ?? [];
        var allocatable = node.Status?.Allocatable;
        var labels = node.Metadata.Labels?.Where(l => !l.Key.StartsWith("beta.", StringComparison.Ordinal))
            .Select(l => $"{l.Key}={l.Value}").ToList() ?? [];
        return $"Ready={ready}; allocatable cpu={Quantities.Text(allocatable, "cpu")} memory={Quantities.Text(allocatable, "memory")} pods={Quantities.Text(allocatable, "pods")}; "
            + $"taints: {(taints.Count == 0 ? "none" : string.Join(", ", taints))}; "
            + $"unschedulable={node.Spec?.Unschedulable == true}"
            + (pressure.Count == 0 ? "" : $"; {string.Join(", ", pressure)}")
            + $"; labels: {string.Join(", ", labels)}";
    }
}
