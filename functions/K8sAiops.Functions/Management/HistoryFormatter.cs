using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Durable;
using K8sAiops.Durable.History;

namespace K8sAiops.Functions.Management;

/// <summary>
/// Renders a history as Durable Functions' <c>historyEvents</c>: PascalCase fields, <c>EventType</c> as a string,
/// episode brackets left out, and each scheduling row folded into its completion (<c>FunctionName</c>,
/// <c>ScheduledTime</c>). Scheduled work that has not completed keeps its own row. Payloads
/// (<c>Input</c>, <c>Result</c>, <c>Details</c>) appear only with <c>showHistoryOutput</c>.
/// </summary>
internal static class HistoryFormatter
{
    public static JsonArray Format(IReadOnlyList<HistoryEvent> history, bool showOutput)
    {
        var scheduled = new Dictionary<int, (HistoryEvent Event, int Index)>();
        var rows = new List<JsonObject?>();
        foreach (var e in history)
        {
            if (e is OrchestratorStarted or OrchestratorCompleted)
            {
                continue;
            }

            var row = Row(e, showOutput);
            switch (e)
            {
                case TaskScheduled or SubOrchestrationInstanceCreated:
                    scheduled[e.EventId] = (e, rows.Count);
                    break;
                case TaskCompleted c:
                    Fold(row, c.TaskScheduledId);
                    break;
                case TaskFailed f:
                    Fold(row, f.TaskScheduledId);
                    break;
                case SubOrchestrationInstanceCompleted c:
                    Fold(row, c.TaskScheduledId);
                    break;
                case SubOrchestrationInstanceFailed f:
                    Fold(row, f.TaskScheduledId);
                    break;
            }

            rows.Add(row);
        }

        return new JsonArray([.. rows.OfType<JsonObject>()]);

        void Fold(JsonObject completion, int scheduledId)
        {
            if (!scheduled.Remove(scheduledId, out var origin))
            {
                return;
            }

            rows[origin.Index] = null;
            var (name, instanceId) = origin.Event switch
            {
                TaskScheduled t => (t.Name, null),
                SubOrchestrationInstanceCreated s => (s.Name, s.InstanceId),
                _ => (null, (string?)null),
            };
            completion["FunctionName"] = name;
            completion["ScheduledTime"] = Time(origin.Event.Timestamp);
            if (instanceId is not null)
            {
                completion["InstanceId"] = instanceId;
            }
        }
    }

    private static JsonObject Row(HistoryEvent e, bool showOutput)
    {
        var row = new JsonObject { ["EventType"] = e.EventType, ["Timestamp"] = Time(e.Timestamp) };
        switch (e)
        {
            case ExecutionStarted s:
                row["FunctionName"] = s.Name;
                Payload(row, "Input", s.Input, showOutput);
                break;
            case TaskScheduled t:
                row["FunctionName"] = t.Name;
                Payload(row, "Input", t.Input, showOutput);
                break;
            case TaskCompleted c:
                Payload(row, "Result", c.Result, showOutput);
                break;
            case TaskFailed f:
                Failure(row, f.Reason, f.Details, f.FailureDetails, showOutput);
                break;
            case TimerCreated t:
                row["FireAt"] = Time(t.FireAt);
                break;
            case TimerFired t:
                row["TimerId"] = t.TimerId;
                row["FireAt"] = Time(t.FireAt);
                break;
            case EventRaised r:
                row["Name"] = r.Name;
                Payload(row, "Input", r.Input, showOutput);
                break;
            case EventSent s:
                row["Name"] = s.Name;
                row["InstanceId"] = s.InstanceId;
                Payload(row, "Input", s.Input, showOutput);
                break;
            case SubOrchestrationInstanceCreated s:
                row["FunctionName"] = s.Name;
                row["InstanceId"] = s.InstanceId;
                Payload(row, "Input", s.Input, showOutput);
                break;
            case SubOrchestrationInstanceCompleted c:
                Payload(row, "Result", c.Result, showOutput);
                break;
            case SubOrchestrationInstanceFailed f:
                Failure(row, f.Reason, f.Details, f.FailureDetails, showOutput);
                break;
            case ExecutionCompleted c:
                row["OrchestrationStatus"] = c.OrchestrationStatus.ToString();
                Payload(row, "Result", c.Result, showOutput);
                if (c.FailureDetails is { } failure)
                {
                    row["FailureDetails"] = FailureNode(failure, showOutput);
                }

                break;
            case ExecutionTerminated t:
                Payload(row, "Input", t.Input, showOutput);
                break;
            case ExecutionSuspended s:
                row["Reason"] = s.Reason;
                break;
            case ExecutionResumed r:
                row["Reason"] = r.Reason;
                break;
        }

        return row;
    }

    private static void Payload(JsonObject row, string field, string? serialized, bool showOutput)
    {
        if (showOutput)
        {
            row[field] = JsonPayload.Parse(serialized);
        }
    }

    private static void Failure(JsonObject row, string? reason, string? details, TaskFailureDetails? failure, bool showOutput)
    {
        row["Reason"] = reason;
        if (showOutput)
        {
            row["Details"] = details;
        }

        if (failure is not null)
        {
            row["FailureDetails"] = FailureNode(failure, showOutput);
        }
    }

    private static JsonObject FailureNode(TaskFailureDetails failure, bool showOutput)
    {
        var node = new JsonObject { ["ErrorType"] = failure.ErrorType, ["ErrorMessage"] = failure.ErrorMessage };
        if (showOutput && failure.StackTrace is not null)
        {
            node["StackTrace"] = failure.StackTrace;
        }

        return node;
    }

    private static string Time(DateTime value)
        => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
