namespace K8sAiops.Activities.Inspect.Report;

/// <summary>
/// One chart of the HTML report: a stable id, the caption shown under it, the text summary that stands in for it where it is
/// not seen (the image's <c>alt</c> and the SVG's <c>&lt;title&gt;</c>), and the SVG document with its size in pixels.
/// </summary>
internal sealed record ReportChart(string Id, string Caption, string Summary, string Svg, int Width, int Height);
