using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// The HTML report's charts, drawn with ScottPlot: the score trend, open findings by severity and by check group, the
/// namespace scores, and (when some forecast reaches its limit) the time left with its confidence range. Each comes with a
/// summary in words that says what the chart shows.
/// </summary>
internal static class InspectionCharts
{
    /// <summary>The namespace chart shows this many, lowest scores first; the table below it has them all.</summary>
    public const int MaxNamespaces = 25;

    private const int Width = 720;

    public static IReadOnlyList<ReportChart> Draw(InspectionReport report)
    {
        List<ReportChart> charts = [Trend(report), BySeverity(report), ByGroup(report)];
        if (report.Namespaces.Count > 0)
            charts.Add(Namespaces(report.Namespaces));
        if (report.Forecasts.Any(f => f is { EnoughData: true, HoursToLimit: not null }))
            charts.Add(Forecasts(report.Forecasts));
        return charts;
    }

    private static ReportChart Trend(InspectionReport report)
    {
        // The trend ends with this run; a first run (or a report without a trend) still gets its one point.
        var points = report.Trend.Count > 0 ? report.Trend.TakeLast(30).ToList() : [new TrendPoint(report.Id, report.FinishedAt, report.Score)];
        var plot = ChartPlots.New();
        var line = plot.Add.Scatter(points.Select(p => p.FinishedAt.UtcDateTime.ToOADate()).ToArray(), points.Select(p => (double)p.Score).ToArray());
        line.Color = Color.FromHex("#2b6cb0");
        line.LineWidth = 2;
        line.MarkerSize = 6;
        // Dates as "May 20", not in the host culture's format.
        if (plot.Axes.DateTimeTicksBottom().TickGenerator is DateTimeAutomatic dates)
            dates.LabelFormatter = d => d.ToString("MMM d", CultureInfo.InvariantCulture);
        plot.Axes.SetLimitsY(0, 105);
        if (points.Count == 1)
        {
            var x = points[0].FinishedAt.UtcDateTime.ToOADate();
            plot.Axes.SetLimitsX(x - 1, x + 1);
        }
        plot.YLabel("Score");

        var first = points[0];
        var last = points[^1];
        var summary = points.Count == 1
            ? $"Score trend: one run so far, {ReportText.Day(last.FinishedAt)}, scored {last.Score}."
            : $"Score over the last {points.Count} runs, {ReportText.Day(first.FinishedAt)} to {ReportText.Day(last.FinishedAt)}: " +
              $"from {first.Score} to {last.Score}, lowest {points.Min(p => p.Score)}, highest {points.Max(p => p.Score)}.";
        return ChartPlots.ToChart(plot, "chart-trend", $"Score trend over the last {ReportText.Count(points.Count, "run")}", summary, Width, 300);
    }

    private static ReportChart BySeverity(InspectionReport report)
    {
        var counts = ReportText.BySeverity(report.Findings);
        var plot = ChartPlots.New();
        ChartPlots.Columns(plot, [.. counts.Select(c => (c.Severity, (double)c.Count, SeverityColor(c.Severity)))]);
        plot.YLabel("Open findings");
        var summary = $"Open findings by severity: {string.Join(", ", counts.Select(c => $"{c.Count} {c.Severity}"))}.";
        return ChartPlots.ToChart(plot, "chart-severity", "Open findings by severity", summary, Width, 280);
    }

    private static ReportChart ByGroup(InspectionReport report)
    {
        var counts = ReportText.ByGroup(report.Findings);
        var plot = ChartPlots.New();
        ChartPlots.Columns(plot, [.. counts.Select((c, i) => (c.Group, (double)c.Count, Colors.Category10[i % Colors.Category10.Length]))]);
        plot.YLabel("Open findings");
        var summary = $"Open findings by check group: {string.Join(", ", counts.Select(c => $"{c.Count} {c.Group}"))}.";
        return ChartPlots.ToChart(plot, "chart-group", "Open findings by check group", summary, Width, 280);
    }

    private static ReportChart Namespaces(List<NamespaceScore> namespaces)
    {
        var shown = namespaces.OrderBy(n => n.Score).ThenBy(n => n.Name, StringComparer.Ordinal).Take(MaxNamespaces).ToList();
        var plot = ChartPlots.New();
        ChartPlots.Rows(plot, [.. shown.Select(n => (ReportText.NamespaceName(n.Name), (double)n.Score, GradeColor(n.Grade)))]);
        plot.Axes.SetLimitsX(0, 108);
        plot.XLabel("Score");
        var caption = shown.Count < namespaces.Count
            ? $"Namespace scores, the {shown.Count} lowest of {namespaces.Count}"
            : "Namespace scores, lowest first";
        var summary = $"{caption}: {string.Join(", ", shown.Select(n => $"{ReportText.NamespaceName(n.Name)} {n.Score} ({n.Grade})"))}.";
        return ChartPlots.ToChart(plot, "chart-namespaces", caption, summary, Width, 70 + (28 * shown.Count));
    }

    /// <summary>One row per forecast that reaches its limit: a bar over the confidence range and a dot at the estimate, in days.</summary>
    private static ReportChart Forecasts(List<Forecast> forecasts)
    {
        var reaching = forecasts.Where(f => f is { EnoughData: true, HoursToLimit: not null }).OrderBy(f => f.HoursToLimit).ToList();
        var plot = ChartPlots.New();
        var top = reaching.Count - 1;
        var ranges = plot.Add.Bars(reaching.Select((f, i) => new Bar
        {
            Position = top - i,
            ValueBase = (f.HoursLow ?? f.HoursToLimit!.Value) / 24,
            Value = (f.HoursHigh ?? f.HoursToLimit!.Value) / 24,
            FillColor = Color.FromHex("#b7791f").WithAlpha(0.35),
            LineWidth = 0,
        }).ToArray());
        ranges.Horizontal = true;
        var estimates = plot.Add.Scatter(reaching.Select(f => f.HoursToLimit!.Value / 24).ToArray(), reaching.Select((_, i) => (double)(top - i)).ToArray());
        estimates.LineWidth = 0;
        estimates.MarkerSize = 9;
        estimates.Color = Color.FromHex("#8b1010");
        plot.Axes.Left.SetTicks([.. reaching.Select((_, i) => (double)(top - i))], [.. reaching.Select(f => $"{ReportText.Qualified(f.Resource)} ({f.Kind})")]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, reaching.Max(f => f.HoursHigh ?? f.HoursToLimit!.Value) / 24 * 1.1, -0.6, top + 0.6);
        plot.XLabel("Days until the limit");
        var summary = $"Time until the limit: {string.Join("; ", reaching.Select(f => $"{f.Kind} {ReportText.Object(f.Resource)} in {ReportText.Range(f)}"))}.";
        return ChartPlots.ToChart(plot, "chart-forecasts", "Forecasts: days until the limit, with the confidence range", summary, Width, Math.Max(180, 80 + (36 * reaching.Count)));
    }

    public static Color SeverityColor(string severity) => Color.FromHex(severity switch
    {
        Severities.Critical => "#8b1010",
        Severities.High => "#c2410c",
        Severities.Medium => "#b7791f",
        Severities.Low => "#2b6cb0",
        _ => "#718096",
    });

    public static Color GradeColor(string grade) => Color.FromHex(grade switch
    {
        "A" => "#2f855a",
        "B" => "#68a12b",
        "C" => "#b7791f",
        "D" => "#c2410c",
        "F" => "#8b1010",
        _ => "#718096",
    });
}
