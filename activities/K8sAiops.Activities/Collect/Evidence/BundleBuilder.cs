using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Collect.Evidence;

/// <summary>
/// Gathers a bundle's items from collectors running concurrently, keeps one copy of each object (the most
/// central role wins), and numbers everything in a stable order when the bundle is built.
/// </summary>
internal sealed class BundleBuilder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceRef, (EvidenceRole Role, JsonObject Object)> _objects = [];
    private readonly Dictionary<(ResourceRef, string, string, string), EvidenceEvent> _events = [];
    private readonly List<EvidenceLog> _logs = [];
    private readonly Dictionary<string, NodeAllocation> _allocations = new(StringComparer.Ordinal);
    private readonly List<CollectorNote> _notes = [];

    /// <summary>Adds an object; returns false when it was already there (its role is raised if this one is more central).</summary>
    public bool AddObject(ResourceRef reference, EvidenceRole role, JsonObject obj)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(reference, out var existing))
            {
                if (role < existing.Role)
                    _objects[reference] = (role, existing.Object);
                return false;
            }
            _objects[reference] = (role, obj);
            return true;
        }
    }

    /// <summary>True when the object is already in the bundle; its role is raised if <paramref name="role"/> is more central.</summary>
    public bool TryRaiseRole(ResourceRef reference, EvidenceRole role)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(reference, out var existing))
                return false;
            if (role < existing.Role)
                _objects[reference] = (role, existing.Object);
            return true;
        }
    }

    public void AddEvent(EvidenceEvent evidenceEvent)
    {
        lock (_gate)
            _events.TryAdd((evidenceEvent.InvolvedObject, evidenceEvent.Reason, evidenceEvent.Message, evidenceEvent.Type), evidenceEvent);
    }

    public void AddLog(EvidenceLog log)
    {
        lock (_gate)
            _logs.Add(log);
    }

    /// <summary>The error lines of every log collected so far.</summary>
    public List<string> ErrorLines()
    {
        lock (_gate)
            return _logs.SelectMany(l => l.ErrorLines).ToList();
    }

    public void AddAllocation(NodeAllocation allocation)
    {
        lock (_gate)
            _allocations.TryAdd(allocation.Node, allocation);
    }

    public void AddNote(string source, string text, NoteSeverity severity = NoteSeverity.Info, bool collectionFailed = false)
    {
        lock (_gate)
        {
            if (_notes.Exists(n => n.Source == source && n.Text == text))
                return;
            _notes.Add(new CollectorNote { Id = "", Source = source, Text = text, Severity = severity, CollectionFailed = collectionFailed });
        }
    }

    /// <summary>Numbers every item (<c>ev-1</c>, <c>ev-2</c>, ...): objects by role then name, events oldest first, logs, allocations, notes.</summary>
    public EvidenceBundle Build(ResourceRef target, string cluster, DateTimeOffset collectedAt, int apiRequests, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var next = 0;
            string NextId() => $"ev-{++next}";

            var objects = _objects
                .OrderBy(o => o.Value.Role).ThenBy(o => o.Key.Kind, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => new EvidenceObject { Id = NextId(), Ref = o.Key, Role = o.Value.Role, Object = o.Value.Object })
                .ToList();
            var events = _events.Values
                .OrderBy(e => e.LastTimestamp ?? e.FirstTimestamp ?? DateTimeOffset.MinValue)
                .ThenBy(e => e.InvolvedObject.ToString(), StringComparer.Ordinal).ThenBy(e => e.Reason, StringComparer.Ordinal)
                .Select(e => e with { Id = NextId() })
                .ToList();
            var logs = _logs
                .OrderBy(l => l.Pod.ToString(), StringComparer.Ordinal).ThenBy(l => l.Container, StringComparer.Ordinal).ThenBy(l => l.Previous)
                .Select(l => l with { Id = NextId() })
                .ToList();
            var allocations = _allocations.Values
                .OrderBy(a => a.Node, StringComparer.Ordinal)
                .Select(a => a with { Id = NextId() })
                .ToList();
            var notes = _notes
                .OrderByDescending(n => n.Severity).ThenBy(n => n.CollectionFailed).ThenBy(n => n.Source, StringComparer.Ordinal)
                .ThenBy(n => n.Text, StringComparer.Ordinal)
                .Select(n => n with { Id = NextId() })
                .ToList();

            return new EvidenceBundle
            {
                Target = target,
                Cluster = cluster,
                CollectedAt = collectedAt,
                Objects = objects,
                Events = events,
                Logs = logs,
                NodeAllocations = allocations,
                Notes = notes,
                ApiRequests = apiRequests,
                Elapsed = elapsed,
            };
        }
    }
}
