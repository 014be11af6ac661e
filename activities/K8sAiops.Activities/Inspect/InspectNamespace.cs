using k8s;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Kubernetes;
using K8sAiops.Activities.Inspect.Checks;
using K8sAiops.Activities.Inspect.Reading;
using K8sAiops.Durable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Inspect;

/// <summary>The input of <see cref="InspectNamespace"/>.</summary>
public sealed record InspectNamespaceRequest(string Namespace, List<string> BoundAccounts, string? Context = null);

/// <summary>
/// What one namespace's inspection found, and what the fan-in needs of it: the cpu (millicores) and memory (bytes) its
/// pods request on each node.
/// </summary>
public sealed record NamespaceInspection(
    string Namespace,
    List<InspectionFinding> Findings,
    Dictionary<string, NodeRequests> NodeRequests,
    List<string> Notes,
    Dictionary<string, int> Objects,
    int ApiRequests);

/// <summary>What pods request of one node.</summary>
public sealed record NodeRequests(long CpuMillis, long MemoryBytes, int Pods);

/// <summary>
/// Activity: inspects one namespace. Lists its objects a page at a time, runs the spec and status checks on them, and
/// points the diagnosis rule engine at whatever looks wrong. Read-only, so a re-delivery is harmless.
/// </summary>
public sealed class InspectNamespace(
    KubernetesClients clients, KubernetesEvidenceCollector collector, IOptions<CollectOptions> collect, IOptions<InspectionOptions> options,
    TimeProvider time, ILogger<InspectNamespace> logger) : TaskActivity<InspectNamespaceRequest, NamespaceInspection>
{
    public override async Task<NamespaceInspection> RunAsync(TaskActivityContext context, InspectNamespaceRequest input)
    {
        var (client, cluster) = clients.For(input.Context);
        var settings = options.Value;
        var result = await InspectAsync(client, cluster, collector, input.Namespace, input.BoundAccounts.ToHashSet(StringComparer.Ordinal),
            collect.Value.PageSize, settings.MaxSuspectsPerNamespace, time, ShutdownToken);
        logger.LogInformation("Inspected namespace {Namespace}: {Objects} objects, {Findings} findings, {Requests} API requests",
            input.Namespace, result.Objects.Values.Sum(), result.Findings.Count, result.ApiRequests);
        return result;
    }

    /// <summary>
    /// The activity's work: reads <paramref name="ns"/>, runs the spec and status checks, diagnoses up to
    /// <paramref name="maxSuspects"/> suspects with the rule engine, and sums what the pods request of each node.
    /// </summary>
    public static async Task<NamespaceInspection> InspectAsync(
        IKubernetes client, string cluster, KubernetesEvidenceCollector collector, string ns, IReadOnlySet<string> boundAccounts,
        int pageSize, int maxSuspects, TimeProvider time, CancellationToken cancellation)
    {
        var requests = RequestCounter.Begin();
        var objects = await NamespaceObjects.ReadAsync(client, ns, pageSize, int.MaxValue, cancellation);
        var now = time.GetUtcNow();
        var findings = new NamespaceChecks(objects, now, boundAccounts).Run().ToList();
        var notes = new List<string>(objects.Notes);
        var suspects = TaxonomyChecks.Suspects(objects, now, maxSuspects, out var cut);
        if (cut > 0)
            notes.Add($"{cut} more suspect object(s) in namespace {ns} were not diagnosed (Inspection:MaxSuspectsPerNamespace is {maxSuspects})");
        findings.AddRange(await TaxonomyChecks.RunAsync(collector, client, cluster, suspects, now, cancellation));
        return new NamespaceInspection(ns, findings.DistinctBy(f => f.Id).ToList(), RequestsByNode(objects), notes, objects.Counts(), requests.Value);
    }

    /// <summary>What the namespace's running pods request of each node.</summary>
    public static Dictionary<string, NodeRequests> RequestsByNode(NamespaceObjects objects) =>
        objects.Pods.Where(p => !PodTemplates.Finished(p) && p.Spec?.NodeName is { Length: > 0 })
            .GroupBy(p => p.Spec.NodeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new NodeRequests(g.Sum(p => Quantities.PodRequestMillis(p, "cpu")), g.Sum(p => Quantities.PodRequestBytes(p, "memory")), g.Count()),
                StringComparer.Ordinal);
}
