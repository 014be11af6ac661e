namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>Evidence ids across several bundles: each bundle numbers its items from <c>ev-1</c>, so a set of them is renumbered to stay unique.</summary>
public static class EvidenceIds
{
    /// <summary>The bundles with ids made unique across all of them: the first keeps its ids, the next continue where it stopped.</summary>
    public static List<EvidenceBundle> Unique(IReadOnlyList<EvidenceBundle> bundles)
    {
        var result = new List<EvidenceBundle>(bundles.Count);
        var offset = 0;
        foreach (var bundle in bundles)
        {
            result.Add(offset == 0 ? bundle : Shift(bundle, offset));
            offset += Count(bundle);
        }
        return result;
    }

    private static int Count(EvidenceBundle b) =>
        b.Objects.Count + b.Events.Count + b.Logs.Count + b.NodeAllocations.Count + b.Notes.Count;

    private static EvidenceBundle Shift(EvidenceBundle b, int offset)
    {
        string Id(string id) => id.StartsWith("ev-", StringComparison.Ordinal) && int.TryParse(id.AsSpan(3), out var n) ? $"ev-{n + offset}" : id;
        return b with
        {
            Objects = b.Objects.Select(o => o with { Id = Id(o.Id) }).ToList(),
            Events = b.Events.Select(e => e with { Id = Id(e.Id) }).ToList(),
            Logs = b.Logs.Select(l => l with { Id = Id(l.Id) }).ToList(),
            NodeAllocations = b.NodeAllocations.Select(a => a with { Id = Id(a.Id) }).ToList(),
            Notes = b.Notes.Select(n => n with { Id = Id(n.Id) }).ToList(),
        };
    }
}
