using K8sAiops.Activities.Analyze;

namespace K8sAiops.Functions.Alerts;

/// <summary>The input of <see cref="DiagnoseAlertOrchestration"/>: one Alertmanager alert group.</summary>
/// <param name="GroupKey">Alertmanager's <c>groupKey</c>.</param>
/// <param name="Alerts">The group's alerts, firing and resolved.</param>
/// <param name="Context">The kubeconfig context of the alerts' cluster (from the cluster label); null for the default.</param>
/// <param name="StatusUrl">The management URL of the instance, for the notification's link.</param>
public sealed record DiagnoseAlertRequest(string GroupKey, List<AlertInfo> Alerts, string? Context = null, string? StatusUrl = null);

/// <summary>What the orchestration shows as its custom status while it works.</summary>
public sealed record DiagnosisProgress(string Step, List<string> Targets, string? Category = null);
