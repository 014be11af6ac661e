using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;

namespace K8sAiops.Functions.Alerts;

/// <summary>
/// One alert group, start to finish: find what the alerts are about, collect the evidence of every target at
/// once, analyze it, keep the report; dry-run the proposed fix and tell the on-call person, with signed
/// Approve/Reject links; wait for the decision; apply, verify and report (<c>DiagnoseAlertOrchestration.Remediation.cs</c>).
/// The output is the diagnosis contract of <c>diagnosis-taxonomy.md</c> with what became of the fix; the custom
/// status names the current step and, while a decision is pending, the approval page.
/// </summary>
public sealed partial class DiagnoseAlertOrchestration : TaskOrchestrator<DiagnoseAlertRequest, Diagnosis>
{
    /// <summary>Most targets collected for one group (an alert storm names many pods of the same few workloads).</summary>
    public const int MaxTargets = 5;

    private static readonly TaskOptions Collecting = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));
    private static readonly TaskOptions Notifying = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1)));
    private static readonly TaskOptions Remediating = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromSeconds(30)));

    public override async Task<Diagnosis> RunAsync(TaskOrchestrationContext context, DiagnoseAlertRequest input)
    {
        var alert = Representative(input.Alerts);
        var targets = Targets(input.Alerts);
        context.SetCustomStatus(new DiagnosisProgress("collecting evidence", targets.Select(t => t.ToString()).ToList()));

        var bundles = await Task.WhenAll(targets.Select(target =>
            context.CallActivityAsync<EvidenceBundle>(nameof(CollectKubernetesEvidence), new CollectEvidenceRequest(target, input.Context), Collecting)));

        context.SetCustomStatus(new DiagnosisProgress("analyzing", targets.Select(t => t.ToString()).ToList()));
        var diagnosis = await context.CallActivityAsync<Diagnosis>(
            nameof(AnalyzeEvidence), new AnalyzeRequest(alert, [.. bundles], new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)));

        context.SetCustomStatus(new DiagnosisProgress("storing the report", targets.Select(t => t.ToString()).ToList(), diagnosis.RootCause.Category));
        var report = await context.CallActivityAsync<ReportLocation>(
            nameof(StoreDiagnosisReport), new StoreReportRequest(context.InstanceId, diagnosis, alert));

        var run = new Run(context, input, alert, diagnosis, report.Markdown, targets.Select(t => t.ToString()).ToList());
        var outcome = await RemediateAsync(run);
        run.Status(outcome.Status == "none" ? "diagnosed" : $"remediation {outcome.Status}", remediation: outcome.Detail);
        return diagnosis with { Remediation = outcome };
    }

    /// <summary>The alert the diagnosis is written for: the first firing one (the group's alerts share its labels), else the first.</summary>
    private static AlertInfo Representative(List<AlertInfo> alerts) => alerts.Find(a => a.Status == "firing") ?? alerts[0];

    /// <summary>The distinct objects the group's alerts name, firing alerts first, at most <see cref="MaxTargets"/>.</summary>
    private static List<ResourceRef> Targets(List<AlertInfo> alerts)
    {
        var targets = new List<ResourceRef>();
        foreach (var alert in alerts.OrderBy(a => a.Status == "firing" ? 0 : 1))
        {
            if (AlertTargets.Resolve(alert.Labels, out _) is { } target && !targets.Contains(target))
                targets.Add(target);
        }
        return targets.Take(MaxTargets).ToList();
    }
}
