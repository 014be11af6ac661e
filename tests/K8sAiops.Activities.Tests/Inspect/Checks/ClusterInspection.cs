using k8s;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Tests.Collect.Support;
using K8sAiops.Sandbox.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Inspect.Checks;

/// <summary>
/// A whole inspection of a snapshot served by the sandbox, done as the orchestration does it: the scope activity's
/// work, then every namespace's and node group's, with the clock at the snapshot's moment. Small pages, so every
/// listing is paged.
/// </summary>
internal static class ClusterInspection
{
    private const string Cluster = "sandbox";
    private const int PageSize = 25;

    public static async Task<InspectionResults> RunAsync(ClusterSnapshot snapshot, DateTimeOffset now, string id = "inspection-1")
    {
        await using var cluster = await SandboxCluster.StartAsync(snapshot);
        return await RunAsync(cluster.Client, now, id);
    }

    /// <summary>The same against any cluster the client reaches.</summary>
    public static async Task<InspectionResults> RunAsync(IKubernetes client, DateTimeOffset now, string id = "inspection-1")
    {
        var time = new FakeTimeProvider(now);
        var options = new InspectionOptions();
        var collector = SandboxCluster.Collector();
        var scope = await ListInspectionScope.ReadAsync(client, Cluster, PageSize, options, time, CancellationToken.None);
        var bound = scope.BoundAccounts.ToHashSet(StringComparer.Ordinal);
        var namespaces = new List<NamespaceInspection>();
        foreach (var ns in scope.Namespaces)
            namespaces.Add(await InspectNamespace.InspectAsync(client, Cluster, collector, ns, bound, PageSize, options.MaxSuspectsPerNamespace, time, CancellationToken.None));
        var groups = new List<NodeGroupInspection>();
        foreach (var group in scope.NodeGroups)
            groups.Add(await InspectNodes.InspectAsync(client, Cluster, collector, group, time, CancellationToken.None));
        return new InspectionResults(id, now, scope, namespaces, groups);
    }

    /// <summary>Every finding of the parts, before the fan-in's configuration and symptom suppression; the node requests check included.</summary>
    public static List<InspectionFinding> RawFindings(this InspectionResults results) =>
        results.Scope.Findings
            .Concat(results.Namespaces.SelectMany(n => n.Findings))
            .Concat(results.NodeGroups.SelectMany(g => g.Findings))
            .Concat(InspectionAssembly.NodeRequestFindings(results))
            .ToList();

    /// <summary>The raw findings the default configuration keeps (it exempts kube-system's node agents from two checks).</summary>
    public static List<InspectionFinding> ConfiguredFindings(this InspectionResults results) =>
        results.RawFindings().Where(f => new InspectionOptions().For(f.Check, f.Resource.Namespace).Enabled).ToList();

    public static InspectionReport Assemble(this InspectionResults results, InspectionReport? previous = null) =>
        InspectionAssembly.Assemble(results, new InspectionOptions(), previous, [], results.StartedAt.AddMinutes(2));

    public static string Describe(this IEnumerable<InspectionFinding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Check} {f.Resource} [{f.Severity}]: {f.Message}").DefaultIfEmpty("  (none)"));

    public static string Notes(this InspectionResults results) =>
        string.Join("\n", results.Scope.Notes.Concat(results.Namespaces.SelectMany(n => n.Notes)).Concat(results.NodeGroups.SelectMany(g => g.Notes)).DefaultIfEmpty("(none)"));
}
