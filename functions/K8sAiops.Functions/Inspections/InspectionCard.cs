using System.Globalization;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Notify;

namespace K8sAiops.Functions.Inspections;

/// <summary>The inspection's summary card: score, grade, change since the previous run, counts, the top new findings, the report link.</summary>
public static class InspectionCard
{
    public static ChatMessage For(InspectionSummary summary, string? reportUrl)
    {
        var change = summary.PreviousScore is { } before
            ? (summary.Score - before) switch { 0 => "unchanged since the previous run", > 0 and var up => $"up {up} since the previous run", var down => $"down {-down} since the previous run" }
            : "first run";
        var worst = summary.BySeverity.FirstOrDefault(p => p.Value > 0 && p.Key is Severities.Critical or Severities.High);
        return new ChatMessage
        {
            Kind = ChatMessageKinds.Inspection,
            InstanceId = summary.Id,
            Title = $"Daily inspection of {summary.Cluster}: {summary.Score}/100 ({summary.Grade})",
            Severity = summary.BySeverity.GetValueOrDefault(Severities.Critical) > 0 ? "critical" : worst.Value > 0 ? "warning" : "info",
            Summary = $"Score {summary.Score} ({summary.Grade}), {change}: {summary.New} new, {summary.Resolved} resolved, {summary.Open} open finding(s).",
            Facts =
            [
                new("Score", string.Create(CultureInfo.InvariantCulture, $"{summary.Score} ({summary.Grade})")),
                new("Change", change),
                new("Open", string.Join(", ", summary.BySeverity.Where(p => p.Value > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"))) is { Length: > 0 } counts ? counts : "none"),
            ],
            Lines = summary.TopNew.Select(f => $"[{f.Severity}] {f.Check} {f.Resource}: {f.Message}").ToList(),
            ReportUrl = Uri.TryCreate(reportUrl, UriKind.Absolute, out var uri) ? uri : null,
            ReportLocation = summary.Html,
            DeliveryKey = $"{summary.Id}:inspection",
        };
    }
}
