using k8s;
using k8s.Models;
using K8sAiops.Activities.Analyze.Rules;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Inspect.Reading;

namespace K8sAiops.Activities.Inspect.Checks;

/// <summary>
/// The taxonomy checks: the diagnosis's own evidence collection and rule engine, pointed at what looks wrong in a namespace
/// instead of at an alert's target. The suspects are found cheaply from the listing (pods not ready, failed Jobs, Services
/// without endpoints, pending claims, autoscalers that cannot scale); each gets the evidence a diagnosis of it would, and the
/// rules name the cause and culprit exactly as they would for an alert.
/// </summary>
internal static class TaxonomyChecks
{
    /// <summary>The objects worth a diagnosis, worst first, at most <paramref name="max"/>; <paramref name="cut"/> says how many were left out.</summary>
    public static List<ResourceRef> Suspects(NamespaceObjects o, DateTimeOffset now, int max, out int cut)
    {
        var ns = o.Namespace;
        var suspects = new List<ResourceRef>();
        var unhealthyPods = o.Pods.Where(p => !PodTemplates.Finished(p) && !Ready(p))
            .GroupBy(p => PodTemplates.OwnerOf(p, o))
            .Select(g => g.OrderByDescending(p => p.Status?.ContainerStatuses?.Sum(s => s.RestartCount) ?? 0).First());
        suspects.AddRange(unhealthyPods.Select(p => new ResourceRef("Pod", ns, p.Metadata.Name)));
        suspects.AddRange(o.Jobs.Where(j => j.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true)
            .Select(j => new ResourceRef("Job", ns, j.Metadata.Name)));
        var withEndpoints = o.Endpoints.Where(e => (e.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0) > 0).Select(e => e.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        suspects.AddRange(o.Services.Where(s => s.Spec?.Selector is { Count: > 0 } && !withEndpoints.Contains(s.Metadata.Name))
            .Select(s => new ResourceRef("Service", ns, s.Metadata.Name)));
        suspects.AddRange(o.Claims.Where(c => c.Status?.Phase == "Pending").Select(c => new ResourceRef("PersistentVolumeClaim", ns, c.Metadata.Name)));
        suspects.AddRange(o.Autoscalers.Where(h => h.Status?.Conditions?.Any(c => c.Type is "ScalingActive" or "AbleToScale" && c.Status == "False") == true)
            .Select(h => new ResourceRef("HorizontalPodAutoscaler", ns, h.Metadata.Name)));
        // The namespace as a whole (quotas, its recent Warning events) is worth a look when anything in it is.
        var recentWarnings = o.WarningEvents.Any(e => (e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp) is { } at && now - at.AsUtc() <= RuleContext.Lookback);
        if (suspects.Count > 0 || recentWarnings)
            suspects.Insert(0, new ResourceRef("Namespace", "", ns));
        var distinct = suspects.Distinct().ToList();
        cut = Math.Max(0, distinct.Count - max);
        return distinct.Take(max).ToList();
    }

    /// <summary>Collects the suspects' evidence (two at a time) and runs the rules over all of it at once.</summary>
    public static async Task<List<InspectionFinding>> RunAsync(
        KubernetesEvidenceCollector collector, IKubernetes client, string cluster, IReadOnlyList<ResourceRef> suspects, DateTimeOffset now, CancellationToken cancellation)
    {
        if (suspects.Count == 0)
            return [];
        var bundles = new EvidenceBundle[suspects.Count];
        using var gate = new SemaphoreSlim(2);
        await Task.WhenAll(suspects.Select(async (suspect, i) =>
        {
            await gate.WaitAsync(cancellation);
            try
            {
                bundles[i] = await collector.CollectAsync(client, cluster, suspect, cancellation);
            }
            finally
            {
                gate.Release();
            }
        }));
        return FromBundles(bundles, now);
    }

    /// <summary>The rule engine's causes as findings: the category's check, the culprit as the object, the rule's summary and fix.</summary>
    public static List<InspectionFinding> FromBundles(IReadOnlyList<EvidenceBundle> bundles, DateTimeOffset now) =>
        RuleEngine.Detect(bundles, now)
            .Select(cause => CheckCatalog.Find(cause.Category) is { } check
                ? check.Finding(new FindingResource(cause.Culprit.Kind, cause.Culprit.Namespace, cause.Culprit.Name), cause.Summary,
                    fix: cause.Fix.Length > 0 ? cause.Fix : null)
                : null)
            .OfType<InspectionFinding>()
            .DistinctBy(f => f.Id)
            .ToList();

    private static bool Ready(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
