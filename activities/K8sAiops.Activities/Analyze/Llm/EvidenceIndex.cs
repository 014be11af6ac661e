using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Llm;

/// <summary>What the evidence contains: every evidence id and every resource it names, to check the model's claims against.</summary>
internal sealed class EvidenceIndex
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string Namespace, string Name), ResourceRef> _resources = [];

    public EvidenceIndex(IReadOnlyList<EvidenceBundle> bundles, Diagnosis rules)
    {
        foreach (var bundle in bundles)
        {
            Add(bundle.Target);
            foreach (var o in bundle.Objects)
            {
                _ids.Add(o.Id);
                Add(o.Ref);
            }
            foreach (var e in bundle.Events)
            {
                _ids.Add(e.Id);
                Add(e.InvolvedObject);
            }
            foreach (var l in bundle.Logs)
            {
                _ids.Add(l.Id);
                Add(l.Pod);
            }
            foreach (var a in bundle.NodeAllocations)
            {
                _ids.Add(a.Id);
                Add(ResourceRef.ClusterScoped("Node", a.Node));
            }
            foreach (var n in bundle.Notes)
                _ids.Add(n.Id);
        }

        if (rules.RootCause.Resource is { } culprit)
            Add(culprit);
    }

    public bool HasId(string? id) => id is not null && _ids.Contains(id);

    /// <summary>The evidence's own reference for a resource the model named (kind matched case-insensitively), or null.</summary>
    public ResourceRef? Find(LlmAnswer.Resource? resource)
        => resource is { Kind: { } kind, Name: { } name }
           && _resources.TryGetValue((kind.ToLowerInvariant(), resource.Namespace ?? "", name), out var found)
            ? found
            : null;

    /// <summary>The resource a finding's source names (<c>pod/ns/name</c> or <c>node/name</c>), or null when the evidence has none such.</summary>
    public ResourceRef? FindSource(string? source)
    {
        var parts = source?.Split('/') ?? [];
        return parts.Length switch
        {
            3 => Find(new LlmAnswer.Resource(parts[0], parts[1], parts[2])),
            2 => Find(new LlmAnswer.Resource(parts[0], "", parts[1])),
            _ => null,
        };
    }

    private void Add(ResourceRef reference)
        => _resources.TryAdd((reference.Kind.ToLowerInvariant(), reference.Namespace, reference.Name), reference);
}
