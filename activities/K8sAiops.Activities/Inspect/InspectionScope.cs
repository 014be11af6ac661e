using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Durable;
using Microsoft.Extensions.Options;
using C = K8sAiops.Activities.Inspect.Checks.CheckCatalog;

namespace K8sAiops.Activities.Inspect;

/// <summary>The input of the inspection's first activity: which cluster (kubeconfig context; null for the configured one).</summary>
public sealed record InspectionScopeRequest(string? Context = null);

/// <summary>A set of nodes one activity inspects: a node pool by its label, or a slice of nodes without one.</summary>
public sealed record NodeGroup(string Name, List<string> Nodes);

/// <summary>
/// What the inspection fans out over: the namespaces, the node groups, the ServiceAccounts some ClusterRoleBinding or
/// another namespace's RoleBinding grants something (<c>namespace/name</c>, <c>namespace/*</c> or <c>*/*</c>, see
/// <c>Checks.Grants</c>), and the findings about cluster-scoped objects read on the way (unbound volumes).
/// </summary>
public sealed record InspectionScope(
    string Cluster,
    List<string> Namespaces,
    List<NodeGroup> NodeGroups,
    List<string> BoundAccounts,
    List<InspectionFinding> Findings,
    List<string> Notes,
    Dictionary<string, int> Objects);

/// <summary>
/// Activity: lists namespaces, nodes, PersistentVolumes, ClusterRoleBindings and RoleBindings a page at a time and says
/// what the inspection fans out over. Read-only.
/// </summary>
public sealed class ListInspectionScope(KubernetesClients clients, IOptions<CollectOptions> collect, IOptions<InspectionOptions> options, TimeProvider time)
    : TaskActivity<InspectionScopeRequest, InspectionScope>
{
    /// <summary>Node labels that name a node pool, most specific first.</summary>
    public static readonly string[] PoolLabels =
    [
        "eks.amazonaws.com/nodegroup", "cloud.google.com/gke-nodepool", "kubernetes.azure.com/agentpool", "agentpool",
        "karpenter.sh/nodepool", "node.kubernetes.io/pool", "node-pool",
    ];

    public override Task<InspectionScope> RunAsync(TaskActivityContext context, InspectionScopeRequest input)
    {
        var (client, cluster) = clients.For(input.Context);
        return ReadAsync(client, cluster, collect.Value.PageSize, options.Value, time, ShutdownToken);
    }

    /// <summary>The activity's work: the scope of <paramref name="cluster"/> as <paramref name="client"/> lists it.</summary>
    public static async Task<InspectionScope> ReadAsync(
        IKubernetes client, string cluster, int pageSize, InspectionOptions options, TimeProvider time, CancellationToken cancellation)
    {
        var notes = new List<string>();
        var excluded = options.ExcludeNamespaces.ToHashSet(StringComparer.Ordinal);

        // Without the namespaces there is nothing to inspect: a failure here fails the inspection, with the API's words.
        var (namespaces, _) = await Paging.ListAllAsync<V1NamespaceList, V1Namespace>(
            t => client.CoreV1.ListNamespaceAsync(continueParameter: t, limit: pageSize, cancellationToken: cancellation), int.MaxValue);
        var nodes = new List<(string Name, string? Pool)>();
        await Safely(notes, "Nodes", cancellation, async () =>
        {
            var (list, _) = await Paging.ListAllAsync<V1NodeList, V1Node>(
                t => client.CoreV1.ListNodeAsync(continueParameter: t, limit: pageSize, cancellationToken: cancellation), int.MaxValue);
            nodes.AddRange(list.Select(n => (n.Metadata.Name, Pool(n))));
        });
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var bindingsRead = await Safely(notes, "ClusterRoleBindings", cancellation, async () =>
        {
            var (list, _) = await Paging.ListAllAsync<V1ClusterRoleBindingList, V1ClusterRoleBinding>(
                t => client.RbacAuthorizationV1.ListClusterRoleBindingAsync(continueParameter: t, limit: pageSize, cancellationToken: cancellation), int.MaxValue);
            bound.UnionWith(list.SelectMany(b => Grants.Of(b.Subjects, null)));
        });
        bindingsRead &= await Safely(notes, "RoleBindings", cancellation, async () =>
        {
            var (list, _) = await Paging.ListAllAsync<V1RoleBindingList, V1RoleBinding>(
                t => client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(continueParameter: t, limit: pageSize, cancellationToken: cancellation), int.MaxValue);
            bound.UnionWith(CrossNamespaceGrants(list));
        });
        if (!bindingsRead)
        {
            // Without every binding an unbound account cannot be told from a bound one: the token check stays quiet.
            bound.Add(Grants.Everyone);
            notes.Add($"{C.TokenAutomount.Id} was not checked: the bindings could not all be read");
        }

        var findings = new List<InspectionFinding>();
        var volumes = 0;
        await Safely(notes, "PersistentVolumes", cancellation, async () =>
        {
            var (list, _) = await Paging.ListAllAsync<V1PersistentVolumeList, V1PersistentVolume>(
                t => client.CoreV1.ListPersistentVolumeAsync(continueParameter: t, limit: pageSize, cancellationToken: cancellation), int.MaxValue);
            volumes = list.Count;
            findings.AddRange(UnboundVolumes(list, time.GetUtcNow()));
        });

        var groups = Group(nodes, options.NodesPerGroup);
        return new InspectionScope(
            cluster,
            namespaces.Select(n => n.Metadata.Name).Where(n => !excluded.Contains(n)).Order(StringComparer.Ordinal).ToList(),
            groups,
            bound.Order(StringComparer.Ordinal).ToList(),
            findings,
            notes,
            new Dictionary<string, int>(StringComparer.Ordinal) { ["Namespace"] = namespaces.Count, ["Node"] = nodes.Count, ["PersistentVolume"] = volumes });
    }

    /// <summary>
    /// What RoleBindings grant ServiceAccounts of other namespaces (a namespace's own RoleBindings are read with it): a
    /// monitoring account allowed to read endpoints in every application namespace is bound, though not in its own.
    /// </summary>
    public static IEnumerable<string> CrossNamespaceGrants(IEnumerable<V1RoleBinding> bindings) =>
        bindings.SelectMany(b => Grants.Of(b.Subjects, b.Metadata.NamespaceProperty).Where(g => !g.StartsWith(b.Metadata.NamespaceProperty + "/", StringComparison.Ordinal)));

    /// <summary><c>pv-unbound</c>: volumes Available or Released for an hour or more (a fresh one may be about to bind).</summary>
    public static IEnumerable<InspectionFinding> UnboundVolumes(IEnumerable<V1PersistentVolume> volumes, DateTimeOffset now)
    {
        foreach (var pv in volumes.Where(v => v.Status?.Phase is "Available" or "Released"))
        {
            var age = pv.Metadata.CreationTimestamp is { } created ? now - created.AsUtc() : TimeSpan.MaxValue;
            if (age < TimeSpan.FromHours(1))
                continue;
            yield return C.UnboundVolume.Finding(new("PersistentVolume", "", pv.Metadata.Name),
                $"is {pv.Status.Phase} ({Quantities.Text(pv.Spec?.Capacity, "storage")}, reclaimPolicy {pv.Spec?.PersistentVolumeReclaimPolicy ?? "?"}){(pv.Spec?.ClaimRef is { } claim ? $", last bound to {claim.NamespaceProperty}/{claim.Name}" : "")}");
        }
    }

    private static string? Pool(V1Node node) =>
        PoolLabels.Select(l => node.Metadata.Labels?.TryGetValue(l, out var v) == true ? v : null).FirstOrDefault(v => v is { Length: > 0 });

    /// <summary>Nodes by pool label; nodes without one in slices of <paramref name="size"/> (pools larger than that are sliced too).</summary>
    public static List<NodeGroup> Group(IEnumerable<(string Name, string? Pool)> nodes, int size) =>
        nodes.GroupBy(n => n.Pool ?? "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select(n => n.Name).Order(StringComparer.Ordinal).Chunk(size).Select((chunk, i) =>
                new NodeGroup(g.Key.Length == 0 ? $"nodes-{i + 1}" : (i == 0 ? g.Key : $"{g.Key}-{i + 1}"), [.. chunk])))
            .ToList();

    /// <summary>Runs <paramref name="work"/>; a failure becomes a note and false.</summary>
    private static async Task<bool> Safely(List<string> notes, string what, CancellationToken cancellation, Func<Task> work)
    {
        if (await ApiFailures.ReasonAsync(work, cancellation) is not { } reason)
            return true;
        notes.Add($"{what} unavailable: {reason}");
        return false;
    }
}
