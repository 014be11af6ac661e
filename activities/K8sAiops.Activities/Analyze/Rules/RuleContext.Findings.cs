using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

internal sealed partial class RuleContext
{
    public static Finding Cite(EvidenceObject obj, string text, string severity = "error") =>
        new() { Id = obj.Id, Source = obj.Ref.ToString(), Text = text, Severity = severity };

    public static Finding Cite(EvidenceEvent e, string severity = "warning") =>
        new() { Id = e.Id, Source = e.InvolvedObject.ToString(), Text = $"{e.Type} {e.Reason} (x{e.Count}): {e.Message}", Severity = severity };

    public static Finding Cite(EvidenceLog log, string line, string severity = "error") =>
        new() { Id = log.Id, Source = log.Pod.ToString(), Text = $"{(log.Previous ? "previous " : "")}log of {log.Container}: {line}", Severity = severity };

    public static Finding Cite(CollectorNote note) =>
        new() { Id = note.Id, Source = note.Source, Text = note.Text, Severity = note.Severity.ToString().ToLowerInvariant() };

    public static string Describe(ResourceRef r) => r.Namespace.Length == 0 ? $"{r.Kind} {r.Name}" : $"{r.Kind} {r.Namespace}/{r.Name}";
}
