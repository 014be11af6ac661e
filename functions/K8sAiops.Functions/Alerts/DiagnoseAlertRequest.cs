using K8sAiops.Activities.Analyze;

namespace K8sAiops.Functions.Alerts;

/// <summary>The input of <see cref="DiagnoseAlertOrchestration"/>: one Alertmanager alert group.</summary>
/// <param name="GroupKey">Alertmanager's <c>groupKey</c>.</param>
/// <param name="Alerts">The group's alerts, firing and resolved.</param>
/// <param name="Context">The kubeconfig context of the alerts' cluster (from the cluster label); null for the default.</param>
/// <param name="StatusUrl">The management URL of the instance without the function key, for the cards' link.</param>
/// <param name="Remediation">The approval and verification settings when the alert arrived (kept with the instance, so a
/// restart with other settings does not change a running approval); null means the defaults.</param>
/// <param name="DiagnoseOnly">Diagnose and notify, but propose nothing to approve (the offline <c>diagnose</c> command).</param>
public sealed record DiagnoseAlertRequest(
    string GroupKey, List<AlertInfo> Alerts, string? Context = null, string? StatusUrl = null, RemediationSettings? Remediation = null,
    bool DiagnoseOnly = false);

/// <summary>The settings an alert's approval and remediation run with (from <c>Approval</c> and <c>Remediation</c>).</summary>
public sealed record RemediationSettings(
    TimeSpan ApprovalTimeout, TimeSpan ReminderAfter, string OnTimeout, List<string> EscalateTo, TimeSpan VerifyTimeout, TimeSpan VerifyInterval)
{
    public static RemediationSettings Defaults { get; } = new(TimeSpan.FromHours(4), TimeSpan.FromHours(1), "Reject", [], TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
}

/// <summary>What the orchestration shows as its custom status while it works.</summary>
/// <param name="Approval">While a decision is pending: the approval page, the action and the expiry.</param>
/// <param name="Notifications">What the last card's delivery came to, channel by channel.</param>
public sealed record DiagnosisProgress(
    string Step, List<string> Targets, string? Category = null, PendingApproval? Approval = null, string? Notifications = null, string? Remediation = null);

/// <summary>The approval a person is asked for, as the custom status shows it.</summary>
public sealed record PendingApproval(string Url, string Action, string Summary, string Risk, DateTimeOffset ExpiresAt);
