using System.Globalization;
using System.Text;
using static K8sAiops.Activities.Inspect.Report.MarkdownText;

namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// A daily inspection as Markdown for people: the score and what changed first, then the namespaces, the open findings by
/// severity, what was resolved, the forecasts, the deductions that add up to the lost points, and what could not be checked.
/// </summary>
public static class InspectionMarkdown
{
    public static string Render(InspectionReport report)
    {
        var text = new StringBuilder();
        Header(text, report);
        Namespaces(text, report.Namespaces);
        Findings(text, report.Findings);
        Resolved(text, report.Resolved);
        Forecasts(text, report.Forecasts);
        Deductions(text, report);
        Notes(text, report.Notes);
        return text.ToString();
    }

    private static void Header(StringBuilder text, InspectionReport report)
    {
        text.Append("# Daily inspection: ").Append(Inline(report.Cluster)).Append("\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Score {report.Score}/100, grade {Inline(report.Grade)}**\n\n")
            .Append(Inline(ReportText.Change(report))).Append("\n\n")
            .Append("- Inspection: ").Append(Inline(report.Id)).Append('\n')
            .Append("- Ran: ").Append(ReportText.Time(report.StartedAt)).Append(" \u2192 ").Append(ReportText.Time(report.FinishedAt)).Append('\n')
            .Append("- Open findings: ").Append(string.Join(", ", ReportText.BySeverity(report.Findings).Select(s => $"{s.Count} {Inline(s.Severity)}")))
            .Append('\n');
        if (report.Objects.Count > 0)
            text.Append("- Objects read: ").Append(string.Join(", ", report.Objects.OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => $"{o.Value} {Inline(o.Key)}"))).Append('\n');
    }

    private static void Namespaces(StringBuilder text, List<NamespaceScore> namespaces)
    {
        if (namespaces.Count == 0)
            return;
        text.Append("\n## Namespaces\n\n");
        TableHeader(text, "Namespace", "Score:", "Grade", "Findings:");
        foreach (var ns in namespaces.OrderBy(n => n.Score).ThenBy(n => n.Name, StringComparer.Ordinal))
            TableRow(text, Cell(ReportText.NamespaceName(ns.Name)), Num(ns.Score), Cell(ns.Grade), Num(ns.Findings));
    }

    private static void Findings(StringBuilder text, List<InspectionFinding> findings)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n## Findings ({findings.Count})\n\n");
        if (findings.Count == 0)
        {
            text.Append("No open findings.\n");
            return;
        }
        foreach (var severity in ReportText.WorstFirst(findings).GroupBy(f => f.Severity))
        {
            text.Append(CultureInfo.InvariantCulture, $"### {Inline(ReportText.Capitalized(severity.Key))} ({severity.Count()})\n\n");
            TableHeader(text, "Status", "Check", "Object", "Message", "Fix", "Points:");
            foreach (var f in severity)
                TableRow(text, Cell(ReportText.Status(f)), Cell(f.Check), Cell(ReportText.Object(f.Resource)), Cell(f.Message), Cell(f.Fix), Num(f.Points));
            text.Append('\n');
        }
        text.Length--; // one blank line between sections, not two
    }

    private static void Resolved(StringBuilder text, List<InspectionFinding> resolved)
    {
        if (resolved.Count == 0)
            return;
        text.Append(CultureInfo.InvariantCulture, $"\n## Resolved since the previous run ({resolved.Count})\n\n");
        TableHeader(text, "Severity", "Check", "Object", "Message");
        foreach (var f in ReportText.WorstFirst(resolved))
            TableRow(text, Cell(f.Severity), Cell(f.Check), Cell(ReportText.Object(f.Resource)), Cell(f.Message));
    }

    private static void Forecasts(StringBuilder text, List<Forecast> forecasts)
    {
        if (forecasts.Count == 0)
            return;
        text.Append("\n## Forecasts\n\n");
        var fitted = forecasts.Where(f => f.EnoughData).OrderBy(f => f.HoursToLimit ?? double.MaxValue).ToList();
        if (fitted.Count > 0)
        {
            TableHeader(text, "Forecast", "Fit", "Window", "Time to limit (range)");
            foreach (var f in fitted)
                TableRow(text, Cell(f.Message), Cell(f.Fit), Cell(ReportText.Window(f)), Cell(ReportText.Range(f)));
        }
        var unfitted = forecasts.Where(f => !f.EnoughData).ToList();
        if (unfitted.Count > 0)
        {
            text.Append(fitted.Count > 0 ? "\n" : "").Append("Not enough data:\n\n");
            foreach (var f in unfitted)
                text.Append("- ").Append(Inline(f.Kind)).Append(' ').Append(Inline(ReportText.Object(f.Resource))).Append(": ")
                    .Append(Inline(f.Reason ?? "too few samples")).Append(CultureInfo.InvariantCulture, $" ({ReportText.Count(f.Samples, "sample")})\n");
        }
    }

    private static void Deductions(StringBuilder text, InspectionReport report)
    {
        text.Append("\n## Deductions\n\n");
        if (report.Deductions.Count == 0)
        {
            text.Append("Nothing was deducted.\n");
            return;
        }
        var total = report.Deductions.Sum(d => d.Points);
        text.Append(Inline(ReportText.Lost(total, report.Score))).Append("\n\n");
        TableHeader(text, "Finding", "Check", "Object", "Points:", "Note");
        foreach (var d in report.Deductions.OrderByDescending(d => d.Points).ThenBy(d => d.Finding, StringComparer.Ordinal))
            TableRow(text, Cell(d.Finding), Cell(d.Check), Cell(ReportText.Object(d.Resource)), Num(d.Points), Cell(d.Note ?? ""));
        TableRow(text, "**Total**", "", "", $"**{Num(total)}**", "");
    }

    private static void Notes(StringBuilder text, List<string> notes)
    {
        if (notes.Count == 0)
            return;
        text.Append("\n## Notes\n\n");
        foreach (var note in notes)
            text.Append("- ").Append(Inline(note)).Append('\n');
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
