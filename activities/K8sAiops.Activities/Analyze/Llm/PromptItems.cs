using System.Text;
using System.Text.Json;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>
/// Turns evidence bundles into prompt lines, most important first: the target, error and warning notes, warning events,
/// error log lines, owners, nodes and their allocation, the other related objects, then normal events, log tails and
/// info notes. Each line starts with its evidence id.
/// </summary>
internal static class PromptItems
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static IEnumerable<string> InOrder(IReadOnlyList<EvidenceBundle> bundles)
    {
        var all = bundles.SelectMany(Ranked).OrderBy(i => i.Rank).ThenBy(i => i.Order);
        return all.Select(i => i.Text());
    }

    private static IEnumerable<(int Rank, int Order, Func<string> Text)> Ranked(EvidenceBundle bundle)
    {
        var order = 0;
        foreach (var o in bundle.Objects.Where(o => o.Role == EvidenceRole.Target))
            yield return (0, order++, () => ObjectLine(o));
        foreach (var n in bundle.Notes.Where(n => n.Severity != NoteSeverity.Info).OrderByDescending(n => n.Severity))
            yield return (1, order++, () => $"[{n.Id}] note {n.Severity.ToString().ToLowerInvariant()} {n.Source}: {n.Text}");
        var warnings = bundle.Events.Where(e => e.Type == "Warning")
            .OrderByDescending(e => e.InvolvedObject == bundle.Target)
            .ThenByDescending(e => e.LastTimestamp ?? e.FirstTimestamp ?? DateTimeOffset.MinValue);
        foreach (var e in warnings)
            yield return (2, order++, () => EventLine(e));
        foreach (var l in bundle.Logs.Where(l => l.ErrorLines.Count > 0))
            yield return (3, order++, () => LogLine(l, "error lines", l.ErrorLines));
        foreach (var o in bundle.Objects.Where(o => o.Role == EvidenceRole.Owner))
            yield return (4, order++, () => ObjectLine(o));
        foreach (var o in bundle.Objects.Where(o => o.Role == EvidenceRole.Node))
            yield return (5, order++, () => ObjectLine(o));
        foreach (var a in bundle.NodeAllocations)
            yield return (5, order++, () => AllocationLine(a));
        foreach (var o in bundle.Objects.Where(o => o.Role is not (EvidenceRole.Target or EvidenceRole.Owner or EvidenceRole.Node or EvidenceRole.Child)))
            yield return (6, order++, () => ObjectLine(o));
        foreach (var o in bundle.Objects.Where(o => o.Role == EvidenceRole.Child))
            yield return (7, order++, () => ObjectLine(o));
        foreach (var e in bundle.Events.Where(e => e.Type != "Warning").OrderByDescending(e => e.LastTimestamp ?? e.FirstTimestamp ?? DateTimeOffset.MinValue))
            yield return (8, order++, () => EventLine(e));
        foreach (var l in bundle.Logs.Where(l => l.TailLines.Count > 0))
            yield return (9, order++, () => LogLine(l, "last lines", l.TailLines));
        foreach (var n in bundle.Notes.Where(n => n.Severity == NoteSeverity.Info))
            yield return (10, order++, () => $"[{n.Id}] note info {n.Source}: {n.Text}");
    }

    private static string ObjectLine(EvidenceObject o)
        => $"[{o.Id}] {o.Role.ToString().ToLowerInvariant()} {o.Ref}: {o.Object.ToJsonString(Compact)}";

    private static string EventLine(EvidenceEvent e)
        => $"[{e.Id}] event {e.Type} {e.Reason} on {e.InvolvedObject} x{e.Count} (last {e.LastTimestamp ?? e.FirstTimestamp:u}): {e.Message}";

    private static string AllocationLine(NodeAllocation a)
        => $"[{a.Id}] allocation node/{a.Node}: cpu {a.CpuRequestedMillis}m of {a.CpuAllocatableMillis}m requested, " +
           $"memory {a.MemoryRequestedBytes / (1024 * 1024)}Mi of {a.MemoryAllocatableBytes / (1024 * 1024)}Mi, pods {a.Pods} of {a.PodsAllocatable}";

    private static string LogLine(EvidenceLog l, string what, List<string> lines)
    {
        var text = new StringBuilder($"[{l.Id}] log {l.Pod} container {l.Container}{(l.Previous ? " (previous)" : "")} {what}:");
        foreach (var line in lines)
            text.Append("\n  ").Append(line);
        return text.ToString();
    }
}
