using System.Collections.Concurrent;
using System.Globalization;
using K8sAiops.Activities.Inspect.Report;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;

namespace K8sAiops.Activities.Tests.Inspect.Report;

/// <summary>
/// The HTML report as a person opens it: a file in Debian's Chromium. The score and grade read from the page, one findings
/// row per finding, every chart drawn at a real size, nothing requested from outside the page and no CSP complaint, and a
/// screenshot with something on it. The page and the screenshot are left in a temp folder the test prints.
/// </summary>
public sealed class InspectionHtmlBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Render_SampleReportOpenedInChromium_ShowsScoreGradeFindingsAndDrawnCharts()
    {
        var report = SampleInspectionReport.Build();
        var folder = Directory.CreateTempSubdirectory("k8saiops-inspection-html-");
        var file = Path.Combine(folder.FullName, "report.html");
        await File.WriteAllTextAsync(file, InspectionHtml.Render(report));
        var pageUrl = new Uri(file).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new ConcurrentQueue<string>();
        var complaints = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        page.Console += (_, message) => { if (message.Type is "error" or "warning") complaints.Enqueue(message.Text); };
        page.PageError += (_, error) => complaints.Enqueue(error);

        var opened = await page.GotoAsync(pageUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.True(opened!.Ok);

        Assert.Equal(report.Score.ToString(CultureInfo.InvariantCulture), await page.Locator("#score").InnerTextAsync());
        Assert.Equal(report.Grade, await page.Locator("#grade").InnerTextAsync());
        Assert.Equal(report.Findings.Count, await page.Locator("table#findings tbody tr").CountAsync());

        var figures = await page.Locator("figure.chart").CountAsync();
        var drawn = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('figure.chart')].filter(figure => {
                const chart = figure.querySelector('img, svg');
                if (!chart) return false;
                const box = chart.getBoundingClientRect();
                return box.width > 100 && box.height > 50 && (chart.tagName !== 'IMG' || (chart.complete && chart.naturalWidth > 0));
            }).length
            """);
        Assert.True(figures >= 3, $"{figures} figure.chart elements");
        Assert.Equal(figures, drawn);

        Assert.All(requests, url => Assert.True(url == pageUrl || url.StartsWith("data:", StringComparison.Ordinal), $"requested {url}"));
        Assert.Empty(complaints);

        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = Path.Combine(folder.FullName, "report.png") });
        var charts = await page.Locator("div.charts").ScreenshotAsync();
        output.WriteLine($"page and screenshot in {folder.FullName}");
        AssertNotBlank("the page", screenshot, minInked: 0.03, minColours: 100);
        AssertNotBlank("the charts", charts, minInked: 0.05, minColours: 50);
    }

    /// <summary>
    /// A screenshot has content: more than <paramref name="minInked"/> of its pixels differ clearly from the corner pixel
    /// (the background), and it has at least <paramref name="minColours"/> distinct colours (at 5 bits a channel).
    /// </summary>
    private void AssertNotBlank(string what, byte[] png, double minInked, int minColours)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var background = bitmap.GetPixel(0, 0);
        var pixels = bitmap.Pixels;
        var inked = pixels.Count(p => Math.Abs(p.Red - background.Red) + Math.Abs(p.Green - background.Green) + Math.Abs(p.Blue - background.Blue) > 48);
        var colours = pixels.Select(p => (p.Red >> 3, p.Green >> 3, p.Blue >> 3)).Distinct().Count();
        var fraction = (double)inked / pixels.Length;
        output.WriteLine($"{what}: {bitmap.Width}x{bitmap.Height}, {fraction:P1} inked, {colours} colours");
        Assert.True(fraction > minInked, $"{what}: only {fraction:P1} of the pixels differ from the background");
        Assert.True(colours >= minColours, $"{what}: only {colours} distinct colours");
    }
}
