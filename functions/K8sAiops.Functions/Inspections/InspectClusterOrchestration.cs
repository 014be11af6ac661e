using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Inspect.Metrics;
using K8sAiops.Activities.Notify;
using K8sAiops.Durable;

namespace K8sAiops.Functions.Inspections;

/// <summary>The input of <see cref="InspectClusterOrchestration"/>.</summary>
/// <param name="Context">The kubeconfig context to inspect; null for the configured one.</param>
/// <param name="Trigger"><c>timer</c>, <c>http</c> or <c>cli</c>: who started it.</param>
/// <param name="Notify">Whether the summary card goes to the chat channels.</param>
/// <param name="MaxParallel">Namespace and node-group activities running at once.</param>
/// <param name="ReportUrl">The report page people open from the card, when the host knows its public address.</param>
public sealed record InspectClusterRequest(string? Context = null, string Trigger = "http", bool Notify = true, int MaxParallel = 8, string? ReportUrl = null);

/// <summary>The custom status while an inspection runs: the step and how far the fan-out is.</summary>
public sealed record InspectionProgress(string Step, int Done, int Total, int Findings);

/// <summary>
/// The daily inspection: list the namespaces and nodes, fan out one activity per namespace and per node group (at most
/// <see cref="InspectClusterRequest.MaxParallel"/> at once) with the Prometheus checks and forecasts beside them, fan in to score, diff against the previous report and store it,
/// then send the summary card. The custom status counts the fan-out as it completes.
/// </summary>
public sealed class InspectClusterOrchestration : TaskOrchestrator<InspectClusterRequest, InspectionSummary>
{
    private static readonly TaskOptions Reading = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));
    private static readonly TaskOptions Notifying = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1)));

    public override async Task<InspectionSummary> RunAsync(TaskOrchestrationContext context, InspectClusterRequest input)
    {
        input ??= new InspectClusterRequest();
        var started = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        context.SetCustomStatus(new InspectionProgress("listing namespaces and nodes", 0, 0, 0));
        var scope = await context.CallActivityAsync<InspectionScope>(nameof(ListInspectionScope), new InspectionScopeRequest(input.Context), Reading);

        var work = scope.Namespaces.Select(ns => (Func<Task<object>>)(async () =>
                (object)await context.CallActivityAsync<NamespaceInspection>(nameof(InspectNamespace), new InspectNamespaceRequest(ns, scope.BoundAccounts, input.Context), Reading)))
            .Concat(scope.NodeGroups.Select(group => (Func<Task<object>>)(async () =>
                (object)await context.CallActivityAsync<NodeGroupInspection>(nameof(InspectNodes), new InspectNodesRequest(group, input.Context), Reading))))
            .ToList();
        // The Prometheus part runs beside the fan-out: one activity, its queries one after another.
        var metrics = context.CallActivityAsync<MetricsInspectionResult>(nameof(InspectMetrics), new InspectMetricsRequest(started), Reading);
        var results = new List<object>();
        var findings = scope.Findings.Count;
        var running = new List<Task<object>>();
        var next = 0;
        context.SetCustomStatus(new InspectionProgress("inspecting", 0, work.Count, findings));
        while (next < work.Count || running.Count > 0)
        {
            while (running.Count < Math.Max(1, input.MaxParallel) && next < work.Count)
                running.Add(work[next++]());
            var done = await Task.WhenAny(running);
            running.Remove(done);
            var result = await done;
            results.Add(result);
            findings += result switch { NamespaceInspection n => n.Findings.Count, NodeGroupInspection g => g.Findings.Count, _ => 0 };
            context.SetCustomStatus(new InspectionProgress("inspecting", results.Count, work.Count, findings));
        }

        if (!metrics.IsCompleted)
            context.SetCustomStatus(new InspectionProgress("reading Prometheus", work.Count, work.Count, findings));
        var fromPrometheus = await metrics;
        findings += fromPrometheus.Findings.Count;
        context.SetCustomStatus(new InspectionProgress("scoring and storing the report", work.Count, work.Count, findings));
        var parts = new InspectionResults(context.InstanceId, started, scope,
            results.OfType<NamespaceInspection>().OrderBy(n => n.Namespace, StringComparer.Ordinal).ToList(),
            results.OfType<NodeGroupInspection>().OrderBy(g => g.Group, StringComparer.Ordinal).ToList(),
            fromPrometheus.Findings, fromPrometheus.Forecasts, fromPrometheus.Notes);
        var finished = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var summary = await context.CallActivityAsync<InspectionSummary>(nameof(CompleteInspection), new CompleteInspectionRequest(parts, finished));

        if (input.Notify)
        {
            context.SetCustomStatus(new InspectionProgress("sending the summary", work.Count, work.Count, summary.Open));
            await context.CallActivityAsync<NotifyOutcome>(nameof(NotifyChannels), InspectionCard.For(summary, input.ReportUrl), Notifying);
        }
        context.SetCustomStatus(new InspectionProgress("done", work.Count, work.Count, summary.Open));
        return summary;
    }
}
