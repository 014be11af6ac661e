using System.Globalization;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Approve;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Notify;
using K8sAiops.Activities.Remediate;

namespace K8sAiops.Functions.Alerts;

/// <summary>The three cards of an alert (diagnosis, reminder, result), built from what the orchestration knows. Pure: safe in an orchestrator.</summary>
internal static class AlertCards
{
    private const int MaxFindingLines = 8;

    public static ChatMessage Diagnosis(string instanceId, AlertInfo alert, Diagnosis diagnosis, string? reportUrl, string? statusUrl,
        RemediationPlan? plan, ApprovalRequest? approval, string? note)
    {
        var root = diagnosis.RootCause;
        var facts = new List<ChatFact>
        {
            new("Alert", $"{alert.AlertName} ({alert.Status})"),
            new("Cause", root.Category),
            new("Culprit", Describe(root.Resource)),
            new("Confidence", root.Confidence.ToString("0.00", CultureInfo.InvariantCulture)),
        };
        if (plan is not null)
        {
            facts.Add(new("Proposed fix", plan.Summary));
            facts.Add(new("Risk", plan.Risk));
        }
        if (approval is not null)
            facts.Add(new("Decide by", approval.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        var lines = new List<string>();
        if (note is not null)
            lines.Add(note);
        lines.AddRange(diagnosis.Findings.Take(MaxFindingLines).Select(f => $"{f.Source}: {f.Text}"));
        if (plan is { Allowed: true } && plan.Diff.Length > 0)
            lines.AddRange(plan.Diff.Split('\n').Where(l => l.Length > 1 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).Take(6).Select(l => "dry run: " + l));
        return new ChatMessage
        {
            Kind = ChatMessageKinds.Diagnosis,
            InstanceId = instanceId,
            Title = $"{root.Category}: {Describe(root.Resource)}",
            Severity = Severity(alert),
            Namespace = Namespace(alert, root.Resource),
            Summary = root.Summary,
            Facts = facts,
            Lines = lines,
            Approval = approval,
            ReportUrl = Url(reportUrl),
            ReportLocation = reportUrl,
            StatusUrl = Url(statusUrl),
            Diagnosis = diagnosis,
        };
    }

    public static ChatMessage Reminder(string instanceId, AlertInfo alert, Diagnosis diagnosis, RemediationPlan plan, ApprovalRequest approval,
        string? reportUrl, string? statusUrl, List<string>? channels) => new()
    {
        Kind = ChatMessageKinds.Reminder,
        InstanceId = instanceId,
        Title = $"Waiting for a decision: {plan.Summary}",
        Severity = Severity(alert),
        Namespace = Namespace(alert, diagnosis.RootCause.Resource),
        Summary = $"{diagnosis.RootCause.Summary} The proposed fix waits for Approve or Reject until " +
                  $"{approval.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.",
        Facts = [new("Proposed fix", plan.Summary), new("Risk", plan.Risk), new("Cause", diagnosis.RootCause.Category)],
        Approval = approval,
        ReportUrl = Url(reportUrl),
        ReportLocation = reportUrl,
        StatusUrl = Url(statusUrl),
        Channels = channels,
    };

    public static ChatMessage Result(string instanceId, AlertInfo alert, Diagnosis diagnosis, RemediationOutcome outcome, List<string> problems,
        string? reportUrl, string? statusUrl) => new()
    {
        Kind = ChatMessageKinds.Result,
        InstanceId = instanceId,
        Title = outcome.Status switch
        {
            "verified" => $"Fixed and verified: {Describe(outcome.Target)}",
            "unverified" => $"Applied but not healthy: {Describe(outcome.Target)}",
            "rejected" => $"Fix rejected: {Describe(outcome.Target)}",
            "expired" => $"No decision in time: {Describe(outcome.Target)}",
            _ => $"Fix {outcome.Status}: {Describe(outcome.Target)}",
        },
        Severity = outcome.Status is "verified" or "rejected" ? "info" : Severity(alert),
        Namespace = Namespace(alert, diagnosis.RootCause.Resource),
        Summary = outcome.Detail,
        Facts = [new("Action", outcome.Action ?? "none"), new("Decided by", outcome.DecidedBy ?? "nobody"), new("Cause", diagnosis.RootCause.Category)],
        Lines = problems,
        ReportUrl = Url(reportUrl),
        ReportLocation = reportUrl,
        StatusUrl = Url(statusUrl),
    };

    public static string Describe(ResourceRef? resource) => resource is null ? "(none)"
        : resource.Namespace.Length > 0 ? $"{resource.Kind} {resource.Namespace}/{resource.Name}" : $"{resource.Kind} {resource.Name}";

    /// <summary>The alert's <c>severity</c> label as a card severity: critical, warning or info.</summary>
    public static string Severity(AlertInfo alert) =>
        (alert.Labels.TryGetValue("severity", out var s) ? s.ToLowerInvariant() : "warning") switch
        {
            "critical" or "error" or "page" or "high" => "critical",
            "info" or "none" or "low" => "info",
            _ => "warning",
        };

    private static string? Namespace(AlertInfo alert, ResourceRef? culprit) =>
        culprit is { Namespace.Length: > 0 } ? culprit.Namespace : alert.Labels.TryGetValue("namespace", out var ns) ? ns : null;

    private static Uri? Url(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
