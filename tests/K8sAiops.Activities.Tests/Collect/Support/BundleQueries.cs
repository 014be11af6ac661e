using System.Text.Json.Nodes;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Tests.Collect.Support;

/// <summary>Questions a test asks of a bundle, read from the JSON the bundle carries.</summary>
internal static class BundleQueries
{
    public static IEnumerable<JsonObject> Pods(this EvidenceBundle bundle) => bundle.OfKind("Pod").Select(o => o.Object);

    /// <summary>Every container status (init and regular) of every pod in the bundle.</summary>
    public static IEnumerable<JsonObject> ContainerStatuses(this EvidenceBundle bundle, bool init = false) =>
        bundle.Pods().SelectMany(p => (p["status"]?[init ? "initContainerStatuses" : "containerStatuses"]?.AsArray() ?? []).OfType<JsonObject>());

    public static string? Str(this JsonNode? node, params string[] path)
    {
        foreach (var step in path)
            node = node?[step];
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
    }

    public static bool HasEvent(this EvidenceBundle bundle, string reason, string? messagePart = null) =>
        bundle.Events.Any(e => e.Reason == reason && (messagePart is null || e.Message.Contains(messagePart, StringComparison.OrdinalIgnoreCase)));

    public static bool HasNote(this EvidenceBundle bundle, string part) =>
        bundle.Notes.Any(n => n.Text.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> LogLines(this EvidenceBundle bundle) =>
        bundle.Logs.SelectMany(l => l.ErrorLines.Concat(l.TailLines));

    public static bool LogsContain(this EvidenceBundle bundle, string part) =>
        bundle.LogLines().Any(l => l.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static bool HasCondition(this JsonObject obj, string type, string status) =>
        obj["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == type && c.Str("status") == status) == true;

    /// <summary>A one-screen description of the bundle for assertion messages.</summary>
    public static string Describe(this EvidenceBundle bundle) =>
        "objects: " + string.Join(", ", bundle.Objects.Select(o => $"{o.Ref}({o.Role})"))
        + "\nevents: " + string.Join("\n  ", bundle.Events.Select(e => $"{e.InvolvedObject} {e.Type} {e.Reason}: {e.Message}"))
        + "\nlogs: " + string.Join("\n  ", bundle.Logs.Select(l => $"{l.Pod}/{l.Container}{(l.Previous ? " (previous)" : "")}: {string.Join(" | ", l.ErrorLines.Take(3))}"))
        + "\nnotes: " + string.Join("\n  ", bundle.Notes.Select(n => $"{n.Severity} {n.Source}: {n.Text}"));
}
