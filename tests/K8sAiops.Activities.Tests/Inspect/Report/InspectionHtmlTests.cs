using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Report;

namespace K8sAiops.Activities.Tests.Inspect.Report;

public sealed partial class InspectionHtmlTests
{
    [Fact]
    public void Render_SampleReport_ReferencesNothingOutsideThePage()
    {
        var html = InspectionHtml.Render(SampleInspectionReport.Build());

        // The SVGs' own xmlns URIs are inside base64 data: URIs, so no http(s) text is left at all.
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<script|<link|<iframe|<object|<embed|@import|@font-face", html);
        var references = UrlAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.True(url.StartsWith("data:image/svg+xml;base64,", StringComparison.Ordinal) || url.StartsWith('#'),
            $"reference to {url[..Math.Min(url.Length, 60)]}"));
        Assert.DoesNotMatch(@"url\((?!#)", html);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ScriptInFindingMessageAndNames_IsEncoded()
    {
        var hostile = SampleInspectionReport.Finding("crash-loop", CheckGroups.Reliability, Severities.Critical,
            new FindingResource("Pod", "shop\"><b>", "<img src=x onerror=alert(2)>"),
            "<script>alert('owned')</script> & more", "run </td></tr></table><script>alert(3)</script>", 5);
        var report = SampleInspectionReport.Build(hostile) with { Cluster = "<script>alert(1)</script>", Notes = ["<iframe src=//evil>"] };

        var html = InspectionHtml.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.Contains("<title>Inspection of &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        // The namespace's name reaches a chart's alt text and its SVG's title, encoded (the raw page has no <b> at all, above).
        Assert.Contains(Charts(html), c => c.Alt.Contains("shop\"><b>", StringComparison.Ordinal)
            && c.Svg.Root!.Element(Svg + "title")!.Value.Contains("shop\"><b>", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SampleReport_HasTheStableIdsAndOneFindingsRowPerFinding()
    {
        var report = SampleInspectionReport.Build();

        var html = InspectionHtml.Render(report);

        Assert.Contains($"<strong id=\"score\" class=\"grade-d\">{report.Score}</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"<strong id=\"grade\" class=\"grade-d\">{report.Grade}</strong>", html, StringComparison.Ordinal);
        Assert.Equal(report.Findings.Count, BodyRows(html, "findings"));
        Assert.Equal(report.Namespaces.Count, BodyRows(html, "namespaces"));
        Assert.Equal(report.Resolved.Count, BodyRows(html, "resolved"));
        Assert.Equal(report.Deductions.Count, BodyRows(html, "deductions"));
        Assert.Equal(report.Forecasts.Count(f => f.EnoughData), BodyRows(html, "forecasts"));
        foreach (var finding in report.Findings)
            Assert.Contains($"data-finding=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(finding.Id)}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SampleReport_IsAccessibleWithCssOff()
    {
        var html = InspectionHtml.Render(SampleInspectionReport.Build());

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Matches("<title>[^<]+</title>", html);
        // Headings start at h1 and never skip a level.
        var levels = Regex.Matches(html, "<h([1-6])[ >]").Select(m => m.Groups[1].Value[0] - '0').ToList();
        Assert.Equal(1, levels[0]);
        Assert.Single(levels, l => l == 1);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} followed by h{pair.Second}"));
        // Every header cell says what it heads.
        Assert.DoesNotMatch("<th(?=[ >])(?![^>]*scope=\"(col|row)\")", html);
        // Every table has a caption; every chart a caption and a text alternative.
        Assert.Equal(Regex.Count(html, "<table"), Regex.Count(html, "<caption>"));
        var charts = Charts(html);
        Assert.True(charts.Count >= 3, $"{charts.Count} charts");
        Assert.All(charts, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Caption));
            Assert.True(c.Alt.Length > 20, $"alt text of {c.Id}: {c.Alt}");
            Assert.Equal(c.Alt, c.Svg.Root!.Element(Svg + "title")!.Value);
        });
    }

    [Fact]
    public void Render_SampleReport_DrawsTrendSeverityGroupNamespaceAndForecastChartsAsSvg()
    {
        var report = SampleInspectionReport.Build();

        var charts = Charts(InspectionHtml.Render(report));

        Assert.Equal(["chart-trend", "chart-severity", "chart-group", "chart-namespaces", "chart-forecasts"], charts.Select(c => c.Id));
        foreach (var chart in charts)
        {
            Assert.True(double.Parse(chart.Svg.Root!.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.True(chart.Svg.Descendants(Svg + "path").Count() > 3, $"{chart.Id} draws something");
        }
        var trend = charts.Single(c => c.Id == "chart-trend");
        Assert.Equal(report.Trend.Count, trend.Svg.Descendants(Svg + "ellipse").Count()); // one marker per run
        Assert.Contains($"from {report.Trend[0].Score} to {report.Score}", trend.Alt, StringComparison.Ordinal);
        var severity = charts.Single(c => c.Id == "chart-severity");
        Assert.All(Severities.All, s => Assert.Contains(severity.Svg.Descendants(Svg + "text"), t => t.Value.Trim() == s));
        Assert.Contains("2 critical, 3 high, 4 medium, 3 low, 3 info", severity.Alt, StringComparison.Ordinal);
        Assert.Contains("shop 83 (B)", charts.Single(c => c.Id == "chart-namespaces").Alt, StringComparison.Ordinal);
        Assert.Contains("pvc-full PersistentVolumeClaim/shop/data-postgres-0 in 6.2 days (4.9\u20138.1 days)",
            charts.Single(c => c.Id == "chart-forecasts").Alt, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FirstRunWithoutFindingsOrForecasts_StillDrawsTheScoreAndCountCharts()
    {
        var report = SampleInspectionReport.Assemble([]) with { Previous = null, Trend = [], Forecasts = [], Namespaces = [] };

        var html = InspectionHtml.Render(report);

        var charts = Charts(html);
        Assert.Equal(["chart-trend", "chart-severity", "chart-group"], charts.Select(c => c.Id));
        Assert.Single(charts[0].Svg.Descendants(Svg + "ellipse"));
        Assert.Contains("one run so far", charts[0].Alt, StringComparison.Ordinal);
        Assert.Contains("No open findings.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("table id=\"findings\"", html, StringComparison.Ordinal);
    }

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private sealed record Chart(string Id, string Alt, string Caption, XDocument Svg);

    /// <summary>Each <c>figure.chart</c>: its id, its image's alt text and decoded SVG, its caption (entities decoded).</summary>
    private static List<Chart> Charts(string html) =>
    [
        .. ChartFigure().Matches(html).Select(m => new Chart(
            m.Groups["id"].Value,
            System.Net.WebUtility.HtmlDecode(m.Groups["alt"].Value),
            System.Net.WebUtility.HtmlDecode(m.Groups["caption"].Value),
            XDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups["svg"].Value))))),
    ];

    private static int BodyRows(string html, string tableId)
    {
        var table = Regex.Match(html, $"<table id=\"{tableId}\">.*?</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table#{tableId}");
        var body = Regex.Match(table.Value, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Count(body, "<tr[ >]");
    }

    /// <summary>An attribute that makes a browser fetch or navigate (preceded by white space, as attributes are).</summary>
    [GeneratedRegex(@"(?<=\s)(?:src|href|action|srcset|poster|data|formaction|xlink:href)\s*=\s*""(?<url>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("""<figure class="chart" id="(?<id>[^"]+)"><img src="data:image/svg\+xml;base64,(?<svg>[^"]+)" width="\d+" height="\d+" alt="(?<alt>[^"]*)"><figcaption>(?<caption>[^<]*)</figcaption></figure>""")]
    private static partial Regex ChartFigure();
}
