using System.Text.Json;
using K8sAiops.Activities.Inspect.Report;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Inspect;

/// <summary>Where a stored inspection report lives, and what the summary card says.</summary>
public sealed record InspectionSummary(
    string Id, string Cluster, int Score, string Grade, int? PreviousScore, int New, int Resolved, int Open,
    Dictionary<string, int> BySeverity, List<InspectionFinding> TopNew, string Json, string Markdown, string Html);

/// <summary>Told of every finished inspection, e.g. to set the host's <c>/metrics</c> gauges.</summary>
public interface IInspectionObserver
{
    void Completed(InspectionReport report);
}

/// <summary>
/// Activity: the fan-in. Reads the previous report and the trend, assembles and scores the report
/// (<see cref="InspectionAssembly"/>), stores it as JSON, Markdown and HTML, and records the run. Storing overwrites and
/// the history row is keyed by the finish time the orchestration passes in, so a re-delivery changes nothing.
/// </summary>
public sealed class CompleteInspection(
    IReportStore store, InspectionHistory history, IOptions<InspectionOptions> options, IEnumerable<IInspectionObserver> observers,
    ILogger<CompleteInspection> logger) : TaskActivity<CompleteInspectionRequest, InspectionSummary>
{
    public const string JsonName = "inspection.json";
    public const string MarkdownName = "inspection.md";
    public const string HtmlName = "inspection.html";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<InspectionSummary> RunAsync(TaskActivityContext context, CompleteInspectionRequest input)
    {
        var settings = options.Value;
        var cluster = input.Results.Scope.Cluster;
        var recent = await history.RecentAsync(cluster, settings.TrendRuns, input.FinishedAt, ShutdownToken);
        InspectionReport? previous = null;
        if (recent.FirstOrDefault(p => p.Id != input.Results.Id) is { } last
            && await store.ReadAsync(last.Id, JsonName, ShutdownToken) is { } text)
        {
            try
            {
                previous = JsonSerializer.Deserialize<InspectionReport>(text, Json);
            }
            catch (JsonException e)
            {
                logger.LogWarning("The previous inspection report {Id} cannot be read ({Reason}); comparing with nothing", last.Id, e.Message);
            }
        }
        var trend = recent.Where(p => p.Id != input.Results.Id).Reverse().ToList();
        var report = InspectionAssembly.Assemble(input.Results, settings, previous, trend, input.FinishedAt);

        var id = report.Id;
        var json = await store.SaveAsync(id, JsonName, "application/json", JsonSerializer.Serialize(report, Json), ShutdownToken);
        var markdown = await store.SaveAsync(id, MarkdownName, "text/markdown; charset=utf-8", InspectionMarkdown.Render(report), ShutdownToken);
        var html = await store.SaveAsync(id, HtmlName, "text/html; charset=utf-8", InspectionHtml.Render(report), ShutdownToken);
        await history.AddAsync(report, ShutdownToken);
        foreach (var observer in observers)
            observer.Completed(report);
        logger.LogInformation("Inspection {Id} of {Cluster}: score {Score} ({Grade}), {Findings} findings ({New} new, {Resolved} resolved)",
            id, cluster, report.Score, report.Grade, report.Findings.Count, report.Findings.Count(f => f.Status == FindingStatuses.New), report.Resolved.Count);
        return Summarize(report, json, markdown, html, settings.SummaryFindings);
    }

    public static InspectionSummary Summarize(InspectionReport report, string json, string markdown, string html, int top) => new(
        report.Id, report.Cluster, report.Score, report.Grade, report.Previous?.Score,
        report.Findings.Count(f => f.Status == FindingStatuses.New), report.Resolved.Count, report.Findings.Count,
        Severities.All.ToDictionary(s => s, s => report.Findings.Count(f => f.Severity == s && f.Status != FindingStatuses.Accepted), StringComparer.Ordinal),
        report.Findings.Where(f => f.Status == FindingStatuses.New && f.Severity != Severities.Info).Take(top).ToList(),
        json, markdown, html);
}

/// <summary>The input of <see cref="CompleteInspection"/>: the parts, and the finish time the orchestration fixed (replay-safe).</summary>
public sealed record CompleteInspectionRequest(InspectionResults Results, DateTimeOffset FinishedAt);
