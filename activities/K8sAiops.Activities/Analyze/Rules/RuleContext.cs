using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>
/// What every rule reads: the alert, the moment of the analysis, and the bundles' items with the red herrings of
/// old history filtered out (events that ended more than an hour before the alert started).
/// </summary>
internal sealed partial class RuleContext
{
    /// <summary>How long before the alert's start an event still counts as part of the trouble.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(1);

    public RuleContext(AlertInfo alert, IReadOnlyList<EvidenceBundle> bundles, DateTimeOffset now)
    {
        Alert = alert;
        Bundles = bundles;
        Now = now;
        var start = alert.StartsAt == default || alert.StartsAt > now ? now : alert.StartsAt;
        Horizon = start - Lookback;
        Objects = bundles.SelectMany(b => b.Objects).DistinctBy(o => o.Ref).ToList();
    }

    public AlertInfo Alert { get; }

    public IReadOnlyList<EvidenceBundle> Bundles { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Anything that happened before this is history, not the trouble the alert is about.</summary>
    public DateTimeOffset Horizon { get; }

    /// <summary>The first bundle's target: the object the alert is about.</summary>
    public ResourceRef? Target => Bundles.Count > 0 ? Bundles[0].Target : null;

    public IReadOnlyList<EvidenceObject> Objects { get; }

    public IEnumerable<EvidenceObject> OfKind(string kind) => Objects.Where(o => o.Ref.Kind == kind);

    public EvidenceObject? Find(ResourceRef reference) => Objects.FirstOrDefault(o => o.Ref == reference);

    /// <summary>Events seen since <see cref="Horizon"/>.</summary>
    public IEnumerable<EvidenceEvent> Events =>
        Bundles.SelectMany(b => b.Events).Where(e => (e.LastTimestamp ?? e.FirstTimestamp ?? Now) >= Horizon);

    public IEnumerable<EvidenceEvent> EventsAbout(ResourceRef reference) => Events.Where(e => e.InvolvedObject == reference);

    public IEnumerable<EvidenceLog> Logs => Bundles.SelectMany(b => b.Logs);

    public IEnumerable<CollectorNote> Notes => Bundles.SelectMany(b => b.Notes).Where(n => !n.CollectionFailed);

    /// <summary>Pods that are not finished: Succeeded pods and the pods of completed Jobs are history.</summary>
    public IEnumerable<EvidenceObject> LivePods => OfKind("Pod").Where(p => Json.Str(p.Object, "status", "phase") != "Succeeded");

    /// <summary>The container statuses of live pods (<paramref name="init"/>: the init containers').</summary>
    public IEnumerable<ContainerView> Containers(bool init = false) =>
        LivePods.SelectMany(p => Json.Array(p.Object, "status", init ? "initContainerStatuses" : "containerStatuses").Select(s => new ContainerView(p, s, init)));

    /// <summary>Log lines of a pod's logs (current and previous), error lines first.</summary>
    public IEnumerable<(EvidenceLog Log, string Line)> LogLines(ResourceRef? pod = null) =>
        Logs.Where(l => pod is null || l.Pod == pod).SelectMany(l => l.ErrorLines.Concat(l.TailLines).Select(line => (l, line)));
}
