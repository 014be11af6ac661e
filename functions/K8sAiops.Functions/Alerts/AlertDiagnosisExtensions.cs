using Azure.Storage.Blobs;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Remediate;
using K8sAiops.Activities.Report;
using K8sAiops.Functions.Durable;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Alerts;

public static class AlertDiagnosisExtensions
{
    /// <summary>The container diagnosis reports go to in the app's storage account.</summary>
    public const string ReportContainer = "diagnosis-reports";

    /// <summary>Where reports go when storage is in memory (a one-shot CLI run or a test).</summary>
    public static readonly string ReportFolder = Path.Combine(".artifacts", "reports");

    /// <summary>
    /// Alert diagnosis: the webhook's settings (<c>Alerts</c>), the DiagnoseAlert orchestration and its analyze,
    /// report and notify activities, the LLM step (<c>Analyze:Llm</c>, off by default), the report store (blobs
    /// in the app's storage account, or files under <c>.artifacts/reports</c> when storage is in memory), the chat
    /// channels (<c>Notify:Channels</c>, and the generic <c>Notify:Webhook:Url</c>) and the remediation activities
    /// (<c>Remediation</c>).
    /// </summary>
    public static WebApplicationBuilder AddAlertDiagnosis(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<AlertOptions>(AlertOptions.SectionName);
        services.AddChatChannels(builder.Configuration);
        services.AddRemediation(builder.Configuration);
        services.AddLlmAnalysis(builder.Configuration);
        services.AddSingleton<IReportStore>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Kind == StorageKind.InMemory
                ? new FileReportStore(ReportFolder)
                : new BlobReportStore(new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(ReportContainer));
        });
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<DiagnoseAlertOrchestration>()
            .AddActivity<AnalyzeEvidence>()
            .AddActivity<StoreDiagnosisReport>()
            .AddActivity<NotifyChannels>()
            .AddActivity<PlanRemediation>()
            .AddActivity<ApplyRemediation>()
            .AddActivity<VerifyRemediation>()
            .AddActivity<RecordVerification>()
            .AddActivity<ReleaseRemediation>());
        return builder;
    }
}
