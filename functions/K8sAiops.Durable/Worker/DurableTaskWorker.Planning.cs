using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    /// <summary>
    /// Sorts a batch against the instance's history. Duplicate starts and messages for other executions are
    /// consumed without effect; client events for an execution that has not started yet are deferred.
    /// </summary>
    private async Task<EpisodePlan> PlanEpisodeAsync(InstanceSession session, List<ReceivedMessage> batch, DateTime now)
    {
        var plan = new EpisodePlan();
        var history = session.History!;
        var finished = history.LastOrDefault(e => e is ExecutionCompleted) as ExecutionCompleted;
        var currentExecution = session.ExecutionId;

        foreach (var message in batch.OrderBy(m => m.Message.Event is ExecutionStarted ? 0 : 1))
        {
            if (message.Message.Event is not ExecutionStarted start)
            {
                continue;
            }

            plan.Consumed.Add(message);
            if (plan.NewStart is null && await StartsNewExecutionAsync(session.InstanceId, start, history, finished, currentExecution))
            {
                plan.NewStart = start;
            }
            else
            {
                LogDuplicateStart(session.InstanceId, start.ExecutionId);
            }
        }

        if (plan.NewStart is not null)
        {
            currentExecution = plan.NewStart.ExecutionId;
        }

        var running = plan.NewStart is not null || (history.Count > 0 && finished is null);
        foreach (var message in batch)
        {
            var e = message.Message.Event;
            if (e is ExecutionStarted)
            {
                continue;
            }

            if (message.Message.ExecutionId is { } target && target != currentExecution)
            {
                plan.Consumed.Add(message);
                LogDroppedEvent(session.InstanceId, e.EventType);
                continue;
            }

            if (!running)
            {
                var awaitingStart = history.Count == 0 || finished?.OrchestrationStatus == OrchestrationRuntimeStatus.ContinuedAsNew;
                var fromClient = e is EventRaised or ExecutionTerminated or ExecutionSuspended or ExecutionResumed;
                if (awaitingStart && fromClient && message.DequeueCount <= _options.MaxDeferrals)
                {
                    plan.Deferred.Add(message);
                }
                else
                {
                    plan.Consumed.Add(message);
                    LogDroppedEvent(session.InstanceId, e.EventType);
                }

                continue;
            }

            plan.Consumed.Add(message);
            plan.NewEvents.Add(e);
        }

        if (plan.NewStart is { } newStart)
        {
            plan.PastEvents = [];
            plan.NewEvents.InsertRange(0, [newStart with { CarriedEvents = null }, .. newStart.CarriedEvents ?? []]);
        }
        else if (running || (history.Count > 0 && plan.Consumed.Any(m => m.DequeueCount > 1)))
        {
            // A finished instance is replayed only for re-delivered messages: it yields the row to repair, if needed.
            plan.PastEvents = history;
        }

        plan.NewEvents.Insert(0, new OrchestratorStarted { Timestamp = now });
        return plan;
    }

    private async Task<bool> StartsNewExecutionAsync(
        string instanceId, ExecutionStarted start, List<HistoryEvent> history, ExecutionCompleted? finished, string? currentExecution)
    {
        if (history.Count == 0)
        {
            return true;
        }

        if (finished is null || start.ExecutionId == currentExecution)
        {
            return false;
        }

        if (start.PreviousExecutionId is not null)
        {
            return start.PreviousExecutionId == currentExecution;
        }

        if (start.ParentInstance is not null)
        {
            return true;
        }

        // A client re-created a finished instance: it wrote the row with the new execution id before sending.
        var row = await _store.GetInstanceAsync(instanceId, fetchPayloads: false);
        return row?.ExecutionId == start.ExecutionId;
    }

    private List<OutboundMessage> BuildOutboundMessages(string instanceId, string executionId, ExecutionResult result, DateTime now)
    {
        var outbound = new List<OutboundMessage>(result.NewActions.Count + 1);
        foreach (var action in result.NewActions)
        {
            outbound.Add(action switch
            {
                ScheduleTaskAction task => new OutboundMessage(new TaskMessage(instanceId, executionId,
                    new TaskScheduled { EventId = task.Id, Name = task.Name, Input = task.Input, ScheduleId = result.ScheduleId, Timestamp = now })),
                CreateTimerAction timer => new OutboundMessage(
                    new TaskMessage(instanceId, executionId,
                        new TimerFired { TimerId = timer.Id, FireAt = timer.FireAt, ScheduleId = result.ScheduleId, Timestamp = timer.FireAt }),
                    Min(timer.FireAt, now + _options.MaxTimerInterval)),
                CreateSubOrchestrationAction sub => new OutboundMessage(new TaskMessage(sub.InstanceId, null, new ExecutionStarted
                {
                    InstanceId = sub.InstanceId,
                    ExecutionId = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{instanceId}_{executionId}_{sub.Id}").ToString("N"),
                    Name = sub.Name,
                    Input = sub.Input,
                    ParentInstance = new ParentInstanceInfo(instanceId, executionId, sub.Id, result.Started.Name, result.ScheduleId),
                    Timestamp = now,
                })),
                SendEventAction send => new OutboundMessage(new TaskMessage(send.InstanceId, null, new EventRaised
                {
                    Name = send.EventName,
                    Input = send.Input,
                    DeliveryId = $"{instanceId}:{executionId}:{send.Id}", // the same if this episode is run again
                    Timestamp = now,
                })),
                _ => throw new InvalidOperationException($"Unknown action {action.GetType().Name}."),
            });
        }

        if (result.ContinueAsNew is { } next)
        {
            var nextExecution = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{instanceId}_{executionId}_continue").ToString("N");
            // The carried events travel inside the start, so that they reach the next execution in order and with it.
            outbound.Add(new OutboundMessage(new TaskMessage(instanceId, nextExecution, result.Started with
            {
                ExecutionId = nextExecution,
                Input = next.Input,
                PreviousExecutionId = executionId,
                Generation = result.Started.Generation + 1,
                Timestamp = now,
                EventId = -1,
                CarriedEvents = next.CarriedEvents.Count == 0 ? null : next.CarriedEvents,
                PriorDeliveryIds = next.PriorDeliveryIds.Count == 0 ? null : next.PriorDeliveryIds,
            })));
        }
        else if (result.Status.IsTerminal() && result.Started.ParentInstance is { } parent)
        {
            HistoryEvent completion = result.Status == OrchestrationRuntimeStatus.Completed
                ? new SubOrchestrationInstanceCompleted { TaskScheduledId = parent.TaskScheduledId, Result = result.Output, ScheduleId = parent.ScheduleId, Timestamp = now }
                : new SubOrchestrationInstanceFailed
                {
                    TaskScheduledId = parent.TaskScheduledId,
                    ScheduleId = parent.ScheduleId,
                    Reason = result.FailureDetails?.ErrorMessage ?? $"The sub-orchestration was {result.Status}.",
                    FailureDetails = result.FailureDetails ?? new TaskFailureDetails("SubOrchestrationTerminated", $"Sub-orchestration '{instanceId}' was {result.Status}.", null),
                    Timestamp = now,
                };
            outbound.Add(new OutboundMessage(new TaskMessage(parent.InstanceId, parent.ExecutionId, completion)));
        }

        return outbound;
    }

    private static InstanceRecord ToInstanceRecord(string instanceId, string executionId, ExecutionResult result, DateTime now, long checkpoint, bool includeInput) => new()
    {
        Checkpoint = checkpoint,
        InstanceId = instanceId,
        Name = result.Started.Name,
        Version = result.Started.Version,
        ExecutionId = executionId,
        RuntimeStatus = result.Status,
        Input = includeInput ? result.Started.Input : null,
        Output = result.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? null : result.Output,
        CustomStatus = result.CustomStatus,
        FailureDetails = result.FailureDetails,
        CreatedTime = result.Started.Timestamp,
        LastUpdatedTime = now,
        CompletedTime = result.Status.IsTerminal() ? now : null,
        ScheduledStartTime = result.Started.ScheduledStartTime,
        ParentInstanceId = result.Started.ParentInstance?.InstanceId,
        Generation = result.Started.Generation,
    };
}
