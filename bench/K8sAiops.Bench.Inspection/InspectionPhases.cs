using K8sAiops.Activities.Inspect;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.History;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// Where a measured inspection's time went, read from its history: listing the scope, the fan-out over namespaces and
/// node groups, the fan-in, and the runtime's own steps around them (milliseconds; an activity's span runs from its
/// scheduling to its completion, so it includes its wait in the queue).
/// </summary>
internal static class InspectionPhases
{
    public static async Task<Dictionary<string, double>> ReadAsync(DurableTaskClient client, OrchestrationMetadata done)
    {
        var history = await client.GetHistoryAsync(done.InstanceId);
        var scheduled = history.OfType<TaskScheduled>().ToDictionary(e => e.EventId);
        var spans = history.OfType<TaskCompleted>()
            .Select(c => (scheduled[c.TaskScheduledId].Name, Start: scheduled[c.TaskScheduledId].Timestamp, End: c.Timestamp)).ToList();
        var created = done.CreatedAt.UtcDateTime;
        var scope = spans.Single(s => s.Name == nameof(ListInspectionScope));
        var fanOut = spans.Where(s => s.Name is nameof(InspectNamespace) or nameof(InspectNodes)).ToList();
        var fanIn = spans.Single(s => s.Name == nameof(CompleteInspection));
        double Ms(DateTime from, DateTime to) => Math.Round((to - from).TotalMilliseconds, 1);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["untilScopeScheduled"] = Ms(created, scope.Start),
            ["listInspectionScope"] = Ms(scope.Start, scope.End),
            ["fanOut"] = Ms(scope.End, fanOut.Max(s => s.End)),
            ["inspectNamespaceSumOfSpans"] = Math.Round(fanOut.Where(s => s.Name == nameof(InspectNamespace)).Sum(s => (s.End - s.Start).TotalMilliseconds), 1),
            ["inspectNamespaceLongest"] = fanOut.Where(s => s.Name == nameof(InspectNamespace)).Max(s => Ms(s.Start, s.End)),
            ["inspectNodesSumOfSpans"] = Math.Round(fanOut.Where(s => s.Name == nameof(InspectNodes)).Sum(s => (s.End - s.Start).TotalMilliseconds), 1),
            ["untilFanInScheduled"] = Ms(fanOut.Max(s => s.End), fanIn.Start),
            ["completeInspection"] = Ms(fanIn.Start, fanIn.End),
            ["afterFanIn"] = Ms(fanIn.End, done.CompletedAt!.Value.UtcDateTime),
        };
    }
}
