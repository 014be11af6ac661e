using System.Net;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// The report's ScottPlot conventions: one sans-serif font, a plain white figure, integer count axes, bar charts from
/// (label, value, colour) rows, and the SVG export with a <c>&lt;title&gt;</c> and a generic font fallback.
/// </summary>
internal static class ChartPlots
{
    /// <summary>
    /// The first sans-serif family installed here. ScottPlot measures text with it; the SVG names it, with
    /// <c>sans-serif</c> after it for a reader's browser that lacks it. ScottPlot's own pick on Debian is DejaVu Serif.
    /// </summary>
    private static readonly Lazy<string> Font = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }.FirstOrDefault(Installed) ?? Fonts.Default);

    /// <summary>Whether the family itself is installed (a typeface lookup falls back to some other family when it is not).</summary>
    private static bool Installed(string family) => Fonts.GetTypeface(family, bold: false, italic: false) is { } typeface && typeface.FamilyName == family;

    public static Plot New()
    {
        var plot = new Plot();
        plot.Font.Set(Font.Value);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        return plot;
    }

    /// <summary>Vertical bars, one per row, labelled under the axis and with their value on top.</summary>
    public static void Columns(Plot plot, IReadOnlyList<(string Label, double Value, Color Color)> rows)
    {
        plot.Add.Bars(rows.Select((row, i) => Bar(i, row.Value, row.Color)).ToArray());
        plot.Axes.Bottom.SetTicks([.. rows.Select((_, i) => (double)i)], [.. rows.Select(r => r.Label)]);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
    }

    /// <summary>Horizontal bars, the first row on top, labelled left of the axis and with their value at the end.</summary>
    public static void Rows(Plot plot, IReadOnlyList<(string Label, double Value, Color Color)> rows)
    {
        var top = rows.Count - 1;
        var bars = plot.Add.Bars(rows.Select((row, i) => Bar(top - i, row.Value, row.Color)).ToArray());
        bars.Horizontal = true;
        plot.Axes.Left.SetTicks([.. rows.Select((_, i) => (double)(top - i))], [.. rows.Select(r => r.Label)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.1);
    }

    private static Bar Bar(double position, double value, Color color) => new()
    {
        Position = position,
        Value = value,
        FillColor = color,
        LineWidth = 0,
        Label = ReportText.Number(value),
    };

    /// <summary>The plot as an SVG document whose <c>&lt;title&gt;</c> is the chart's text summary.</summary>
    public static ReportChart ToChart(Plot plot, string id, string caption, string summary, int width, int height)
    {
        var svg = plot.GetSvgXml(width, height);
        var open = svg.IndexOf("<svg", StringComparison.Ordinal);
        var tagEnd = open < 0 ? -1 : svg.IndexOf('>', open);
        if (tagEnd > 0)
            svg = svg.Insert(tagEnd + 1, $"<title>{WebUtility.HtmlEncode(summary)}</title>");
        svg = svg.Replace($"font-family=\"{Font.Value}\"", $"font-family=\"{Font.Value}, sans-serif\"", StringComparison.Ordinal);
        return new ReportChart(id, caption, summary, svg, width, height);
    }
}
