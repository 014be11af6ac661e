using K8sAiops.Activities.Inspect;
using Prometheus;

namespace K8sAiops.Functions.Inspections;

/// <summary>
/// The host's <c>/metrics</c> gauges of the latest inspection, so teams can alert on the score:
/// <c>k8saiops_inspection_score{cluster,namespace}</c> (namespace empty for the cluster's overall score),
/// <c>k8saiops_inspection_findings{cluster,severity}</c> (open, not accepted) and <c>k8saiops_inspection_last_run_timestamp_seconds{cluster}</c>.
/// </summary>
public sealed class InspectionMetrics : IInspectionObserver
{
    private static readonly Gauge Score = Prometheus.Metrics.CreateGauge("k8saiops_inspection_score",
        "Score (0-100) of the latest inspection; namespace empty for the whole cluster.", "cluster", "namespace");

    private static readonly Gauge Findings = Prometheus.Metrics.CreateGauge("k8saiops_inspection_findings",
        "Open findings of the latest inspection by severity (accepted ones not counted).", "cluster", "severity");

    private static readonly Gauge LastRun = Prometheus.Metrics.CreateGauge("k8saiops_inspection_last_run_timestamp_seconds",
        "When the latest inspection finished (Unix seconds).", "cluster");

    public void Completed(InspectionReport report)
    {
        Score.WithLabels(report.Cluster, "").Set(report.Score);
        foreach (var ns in report.Namespaces)
            Score.WithLabels(report.Cluster, ns.Name).Set(ns.Score);
        foreach (var severity in Severities.All)
            Findings.WithLabels(report.Cluster, severity).Set(report.Findings.Count(f => f.Severity == severity && f.Status != FindingStatuses.Accepted));
        LastRun.WithLabels(report.Cluster).Set(report.FinishedAt.ToUnixTimeMilliseconds() / 1000.0);
    }
}
