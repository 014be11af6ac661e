using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>
    /// The events about one object, read with an <c>involvedObject</c> field selector (what <c>kubectl describe</c>
    /// does), newest first, up to <see cref="CollectOptions.MaxEventsPerObject"/>. Node events are read across
    /// namespaces, since the kubelet writes them to <c>default</c>.
    /// </summary>
    private Task EventsForAsync(ResourceRef involved) => Once($"events/{involved}", async () =>
    {
        var selector = $"involvedObject.kind={involved.Kind},involvedObject.name={involved.Name}";
        var list = involved.Namespace.Length == 0
            ? await client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: selector, limit: options.PageSize, cancellationToken: cancellation)
            : await client.CoreV1.ListNamespacedEventAsync(involved.Namespace, fieldSelector: selector, limit: options.PageSize, cancellationToken: cancellation);
        foreach (var e in list.Items.OrderByDescending(LastSeen).Take(options.MaxEventsPerObject))
            Bundle.AddEvent(ToEvidence(e, involved));
    });

    private async Task WarningEventsInAsync(string ns)
    {
        var list = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "type=Warning", limit: options.PageSize, cancellationToken: cancellation);
        foreach (var e in list.Items.OrderByDescending(LastSeen).Take(options.MaxEventsPerObject * 2))
        {
            var involved = new ResourceRef(e.InvolvedObject?.Kind ?? "", e.InvolvedObject?.NamespaceProperty ?? ns, e.InvolvedObject?.Name ?? "");
            Bundle.AddEvent(ToEvidence(e, involved));
        }
    }

    private EvidenceEvent ToEvidence(Corev1Event e, ResourceRef involved) => new()
    {
        Id = "",
        InvolvedObject = involved,
        Type = e.Type ?? "Normal",
        Reason = e.Reason ?? "",
        Message = redact(e.Message ?? ""),
        Count = e.Count ?? e.Series?.Count ?? 1,
        FirstTimestamp = Utc(e.FirstTimestamp ?? e.EventTime),
        LastTimestamp = Utc(e.LastTimestamp ?? e.Series?.LastObservedTime ?? e.EventTime ?? e.FirstTimestamp),
        Source = e.Source?.Component ?? e.ReportingComponent,
    };

    private static DateTime LastSeen(Corev1Event e) =>
        e.LastTimestamp ?? e.Series?.LastObservedTime ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp ?? DateTime.MinValue;

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
