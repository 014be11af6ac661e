using System.Text.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Durable;

namespace K8sAiops.Activities.Report;

/// <summary>The input of <see cref="StoreDiagnosisReport"/>.</summary>
public sealed record StoreReportRequest(string InstanceId, Diagnosis Diagnosis, AlertInfo? Alert);

/// <summary>Where a stored report lives.</summary>
public sealed record ReportLocation(string Json, string Markdown);

/// <summary>Activity: stores a diagnosis as JSON (the contract) and Markdown. Overwrites, so a re-run is harmless.</summary>
public sealed class StoreDiagnosisReport(IReportStore store) : TaskActivity<StoreReportRequest, ReportLocation>
{
    public const string JsonName = "diagnosis.json";
    public const string MarkdownName = "diagnosis.md";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<ReportLocation> RunAsync(TaskActivityContext context, StoreReportRequest input)
    {
        var json = await store.SaveAsync(input.InstanceId, JsonName, "application/json",
            JsonSerializer.Serialize(input.Diagnosis, Indented), ShutdownToken);
        var markdown = await store.SaveAsync(input.InstanceId, MarkdownName, "text/markdown; charset=utf-8",
            DiagnosisMarkdown.Render(input.Diagnosis, input.Alert), ShutdownToken);
        return new ReportLocation(json, markdown);
    }
}
