using K8sAiops.Durable.History;
using K8sAiops.Durable.Replay;
using K8sAiops.Durable.Storage;

namespace K8sAiops.Durable.Worker;

public sealed partial class DurableTaskWorker
{
    /// <summary>
    /// Sorts a batch against the instance's history. Duplicate starts, starts that lost the instance row to another,
    /// and messages for other executions are consumed without effect; a client's start waits for its row, and client
    /// events for an execution that has not started yet wait for it (until its StartAt, however far).
    /// </summary>
    private async Task<EpisodePlan> PlanEpisodeAsync(InstanceSession session, List<ReceivedMessage> batch, DateTime now, CancellationToken cancellationToken)
    {
        var plan = new EpisodePlan();
        var history = session.History!;
        var finished = history.LastOrDefault(e => e is ExecutionCompleted) as ExecutionCompleted;
        var currentExecution = session.ExecutionId;
        var row = new RowReader(this, session, cancellationToken);

        foreach (var message in batch.OrderBy(m => m.Message.Event is ExecutionStarted ? 0 : 1))
        {
            if (message.Message.Event is not ExecutionStarted start)
            {
                continue;
            }

            var decision = plan.NewStart is null ? await DecideStartAsync(start, message, history, finished, currentExecution, row) : StartDecision.Duplicate;
            switch (decision)
            {
                case StartDecision.Start:
                    plan.Consumed.Add(message);
                    plan.NewStart = start;
                    break;
                case StartDecision.WaitForRow:
                    plan.Defer(message, DeferDelay(message.DequeueCount));
                    break;
                case StartDecision.Superseded:
                    plan.Consumed.Add(message);
                    LogSupersededStart(session.InstanceId, start.ExecutionId);
                    break;
                default:
                    plan.Consumed.Add(message);
                    LogDuplicateStart(session.InstanceId, start.ExecutionId);
                    break;
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
                await PlanEarlyMessageAsync(plan, message, history, finished, row, now);
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

    /// <summary>
    /// A message for an execution that is not running. Client events (raise, terminate, suspend, resume) wait for a
    /// start that is coming: as long as the row says Pending (a start with StartAt waits for its time, with no limit),
    /// or a bounded number of times after a ContinueAsNew. Anything else is dropped.
    /// </summary>
    private async Task PlanEarlyMessageAsync(EpisodePlan plan, ReceivedMessage message, List<HistoryEvent> history, ExecutionCompleted? finished, RowReader row, DateTime now)
    {
        var e = message.Message.Event;
        var fromClient = e is EventRaised or ExecutionTerminated or ExecutionSuspended or ExecutionResumed;
        if (fromClient && history.Count == 0 && await row.ReadAsync() is { RuntimeStatus: OrchestrationRuntimeStatus.Pending } pending)
        {
            var untilStart = pending.ScheduledStartTime is { } at && at > now ? at - now : TimeSpan.Zero;
            plan.Defer(message, untilStart > TimeSpan.Zero
                ? TimeSpan.FromTicks(Math.Min((untilStart + TimeSpan.FromSeconds(1)).Ticks, _options.MaxTimerInterval.Ticks))
                : DeferDelay(message.DequeueCount));
            return;
        }

        var awaitingStart = history.Count == 0 || finished?.OrchestrationStatus == OrchestrationRuntimeStatus.ContinuedAsNew;
        if (fromClient && awaitingStart && message.DequeueCount <= _options.MaxDeferrals)
        {
            plan.Defer(message, DeferDelay(message.DequeueCount));
            return;
        }

        plan.Consumed.Add(message);
        LogDroppedEvent(message.Message.InstanceId, e.EventType);
    }

    /// <summary>
    /// Whether a start message begins a new execution. Starts a worker sent (sub-orchestrations, ContinueAsNew) are
    /// decided by history alone. A client's start also needs the instance row: the client sends the start first and
    /// writes the row second, and among several clients starting one id, the row says which one won.
    /// </summary>
    private async Task<StartDecision> DecideStartAsync(
        ExecutionStarted start, ReceivedMessage message, List<HistoryEvent> history, ExecutionCompleted? finished, string? currentExecution, RowReader row)
    {
        if (history.Count > 0 && (finished is null || start.ExecutionId == currentExecution))
        {
            return StartDecision.Duplicate;
        }

        if (start.PreviousExecutionId is not null)
        {
            return history.Count == 0 || start.PreviousExecutionId == currentExecution ? StartDecision.Start : StartDecision.Duplicate;
        }

        if (start.ParentInstance is not null)
        {
            return StartDecision.Start;
        }

        var stored = await row.ReadAsync(waitForStart: start.ExecutionId);
        if (stored is null)
        {
            // The client has not written the row, and may never (it failed or died after sending): after a while
            // the start runs anyway, and this host writes the row.
            return message.DequeueCount > StartRowDeferrals ? StartDecision.Start : StartDecision.WaitForRow;
        }

        if (stored.ExecutionId == start.ExecutionId)
        {
            return StartDecision.Start;
        }

        // Another execution holds the row. If it is the finished one in history, a client may be re-creating the
        // instance and about to write its row: wait a while. Otherwise another start won the row.
        var recreating = stored.RuntimeStatus.IsTerminal() && stored.ExecutionId == currentExecution;
        return recreating && message.DequeueCount <= _options.MaxDeferrals ? StartDecision.WaitForRow : StartDecision.Superseded;
    }

    /// <summary>How long a deferred message stays hidden: 1 s, 2 s … then 5 s each time.</summary>
    private static TimeSpan DeferDelay(int dequeueCount) => TimeSpan.FromSeconds(Math.Clamp(dequeueCount, 1, 5));

    /// <summary>How many times a client's start waits for its row before it runs without one (about 15 s).</summary>
    private const int StartRowDeferrals = 5;

    private enum StartDecision
    {
        Start,
        Duplicate,
        WaitForRow,
        Superseded,
    }

    /// <summary>
    /// Reads the instance row at most once per episode (and hands its concurrency token to the session, which saves
    /// the read before the row write). Waiting for a start, it reads again briefly: the client writes the row
    /// milliseconds after the start message, and a poller may have been quicker.
    /// </summary>
    private sealed class RowReader(DurableTaskWorker worker, InstanceSession session, CancellationToken cancellationToken)
    {
        private InstanceRecord? _row;
        private bool _read;

        public async Task<InstanceRecord?> ReadAsync(string? waitForStart = null)
        {
            if (!_read || (waitForStart is not null && _row?.ExecutionId != waitForStart))
            {
                _row = await worker._store.GetInstanceAsync(session.InstanceId, fetchPayloads: false, cancellationToken);
                for (var retry = 0; waitForStart is not null && _row?.ExecutionId != waitForStart && retry < 2; retry++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(retry == 0 ? 50 : 250), worker._time, cancellationToken);
                    _row = await worker._store.GetInstanceAsync(session.InstanceId, fetchPayloads: false, cancellationToken);
                }

                _read = true;
                session.RowToken = _row?.ConcurrencyToken;
            }

            return _row;
        }
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
