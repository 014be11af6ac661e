using K8sAiops.Durable.History;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Replay;

/// <summary>
/// Runs one episode: replays the stored history through the orchestrator code (checking every
/// scheduling call against it), then applies the new events, and reports what is new. Pure: no I/O,
/// and the orchestrator runs synchronously on the calling thread.
/// </summary>
internal sealed class OrchestrationExecutor
{
    private readonly ITaskOrchestrator? _orchestrator;
    private readonly ReplaySynchronizationContext _syncContext = new();
    private readonly List<HistoryEvent> _applied = [];
    private readonly List<HistoryEvent> _dropped = [];
    private readonly List<HistoryEvent> _suspendedBuffer = [];
    private readonly Dictionary<int, HistoryEvent> _scheduledInHistory = [];
    private readonly HashSet<int> _completedIds = [];
    private readonly HashSet<string> _deliveryIds = new(StringComparer.Ordinal);
    private readonly List<string> _deliveryOrder = [];
    private ReplayContext? _context;
    private Task<object?>? _userTask;
    private bool _suspended;
    private Outcome? _outcome;
    private bool _finishedInHistory;

    private readonly string _scheduleId;

    private OrchestrationExecutor(ITaskOrchestrator? orchestrator, string scheduleId)
    {
        _orchestrator = orchestrator;
        _scheduleId = scheduleId;
    }

    /// <param name="orchestrator">The orchestrator; null when no orchestrator of that name is registered here.</param>
    /// <param name="pastEvents">The stored history of the current execution (may be empty).</param>
    /// <param name="newEvents">This episode's OrchestratorStarted, then the events taken from messages.</param>
    /// <param name="scheduleId">This episode's id, stamped on what it schedules (a new one when omitted).</param>
    public static ExecutionResult Execute(
        ITaskOrchestrator? orchestrator, IReadOnlyList<HistoryEvent> pastEvents, IReadOnlyList<HistoryEvent> newEvents, ILoggerFactory loggerFactory,
        string? scheduleId = null)
        => new OrchestrationExecutor(orchestrator, scheduleId ?? Guid.NewGuid().ToString("N")).Run(pastEvents, newEvents, loggerFactory);

    private ExecutionResult Run(IReadOnlyList<HistoryEvent> pastEvents, IReadOnlyList<HistoryEvent> newEvents, ILoggerFactory loggerFactory)
    {
        var started = pastEvents.OfType<ExecutionStarted>().FirstOrDefault()
            ?? newEvents.OfType<ExecutionStarted>().FirstOrDefault()
            ?? throw new InvalidOperationException("An episode needs an ExecutionStarted event in its history or its new events.");
        _context = new ReplayContext(started, loggerFactory, _syncContext);
        foreach (var id in started.PriorDeliveryIds ?? [])
        {
            TakeDeliveryId(id);
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            try
            {
                // Replay everything stored, even past the point where the code finished: a stored
                // ExecutionCompleted is authoritative and must be seen, not written a second time.
                foreach (var e in pastEvents)
                {
                    e.IsPlayed = true;
                    if (e is EventRaised { DeliveryId: { } id })
                    {
                        TakeDeliveryId(id);
                    }

                    Apply(e);
                }

                _context.SetReplaying(false);
                foreach (var e in newEvents)
                {
                    if (_outcome is not null || !ShouldApply(e))
                    {
                        _dropped.Add(e);
                        continue;
                    }

                    _applied.Add(e);
                    Apply(e);
                }
            }
            catch (NonDeterministicOrchestrationException ex)
            {
                _outcome = Outcome.Failed(TaskFailureDetails.FromException(ex));
            }

            if (_outcome is null && _userTask is { IsCompleted: false } && !_context.HasDurableWork && !_suspended)
            {
                _outcome = Outcome.Failed(TaskFailureDetails.FromException(new InvalidOperationException(
                    $"Orchestrator '{started.Name}' is waiting on something that is not durable (Task.Delay, Task.Run or I/O?): " +
                    "it awaits no activity, timer, sub-orchestration or external event.")));
            }
        }
        finally
        {
            _syncContext.Close();
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return BuildResult(started);
    }

    /// <summary>Decides whether a new event belongs in history: duplicates and strays are dropped.</summary>
    private bool ShouldApply(HistoryEvent e) => e switch
    {
        OrchestratorStarted => true,
        ExecutionStarted => _userTask is null && _applied.OfType<ExecutionStarted>().Any() is false,
        TaskCompleted c => IsOpenCompletion<TaskScheduled>(c.TaskScheduledId, c.ScheduleId),
        TaskFailed f => IsOpenCompletion<TaskScheduled>(f.TaskScheduledId, f.ScheduleId),
        TimerFired t => IsOpenCompletion<TimerCreated>(t.TimerId, t.ScheduleId),
        SubOrchestrationInstanceCompleted c => IsOpenCompletion<SubOrchestrationInstanceCreated>(c.TaskScheduledId, c.ScheduleId),
        SubOrchestrationInstanceFailed f => IsOpenCompletion<SubOrchestrationInstanceCreated>(f.TaskScheduledId, f.ScheduleId),
        EventRaised raised => _userTask is not null && (raised.DeliveryId is not { } id || TakeDeliveryId(id)),
        ExecutionTerminated or ExecutionSuspended or ExecutionResumed => _userTask is not null,
        _ => false,
    };

    /// <summary>Records an event's delivery id; false when this execution (or one before it) already took it.</summary>
    private bool TakeDeliveryId(string id)
    {
        if (!_deliveryIds.Add(id))
        {
            return false;
        }

        _deliveryOrder.Add(id);
        return true;
    }

    /// <summary>
    /// A completion applies when history scheduled that id, with that kind, in the episode the completion names (a
    /// stale host's scheduling of the same id names another episode), and nothing completed it yet.
    /// </summary>
    private bool IsOpenCompletion<TScheduled>(int id, string? scheduleId) where TScheduled : HistoryEvent
        => _scheduledInHistory.TryGetValue(id, out var scheduled)
           && scheduled is TScheduled
           && (scheduleId is null || HistoryEventDescriptions.ScheduleIdOf(scheduled) is not { } expected || expected == scheduleId)
           && _completedIds.Add(id);

    private void Apply(HistoryEvent e)
    {
        var context = _context!;
        if (_suspended && e is TaskCompleted or TaskFailed or TimerFired or EventRaised or SubOrchestrationInstanceCompleted or SubOrchestrationInstanceFailed)
        {
            _suspendedBuffer.Add(e);
            return;
        }

        switch (e)
        {
            case OrchestratorStarted:
                context.SetCurrentUtcDateTime(e.Timestamp);
                break;
            case ExecutionStarted started:
                StartOrchestrator(started);
                break;
            case TaskScheduled or TimerCreated or SubOrchestrationInstanceCreated or EventSent:
                context.MatchScheduledEvent(e);
                _scheduledInHistory[e.EventId] = e;
                break;
            case TaskCompleted c:
                Complete(c.TaskScheduledId, c.Result);
                break;
            case TaskFailed f:
                Fail(f.TaskScheduledId, f.FailureDetails, "TaskFailed", f.Reason ?? "The activity failed.", f.Details);
                break;
            case TimerFired t:
                Complete(t.TimerId, null);
                break;
            case SubOrchestrationInstanceCompleted c:
                Complete(c.TaskScheduledId, c.Result);
                break;
            case SubOrchestrationInstanceFailed f:
                Fail(f.TaskScheduledId, f.FailureDetails, "SubOrchestrationFailed", f.Reason ?? "The sub-orchestration failed.", f.Details);
                break;
            case EventRaised raised:
                context.DeliverEvent(raised);
                break;
            case ExecutionSuspended:
                _suspended = true;
                break;
            case ExecutionResumed:
                _suspended = false;
                var buffered = _suspendedBuffer.ToArray();
                _suspendedBuffer.Clear();
                foreach (var b in buffered)
                {
                    Apply(b);
                }

                break;
            case ExecutionTerminated terminated:
                _outcome = new Outcome(OrchestrationRuntimeStatus.Terminated, terminated.Input, null);
                break;
            case ExecutionCompleted completed:
                _finishedInHistory = true;
                _outcome = new Outcome(completed.OrchestrationStatus, completed.Result, completed.FailureDetails);
                break;
        }

        _syncContext.Drain();
        ObserveUserTask();
    }

    private void Complete(int taskId, string? result)
    {
        _completedIds.Add(taskId);
        _context!.CompleteTask(taskId, result);
    }

    private void Fail(int taskId, TaskFailureDetails? details, string errorType, string reason, string? stack)
    {
        _completedIds.Add(taskId);
        _context!.FailTask(taskId, details ?? new TaskFailureDetails(errorType, reason, stack));
    }

    private void StartOrchestrator(ExecutionStarted started)
    {
        if (_orchestrator is null)
        {
            _outcome = Outcome.Failed(new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!, $"No orchestrator named '{started.Name}' is registered on this host.", null));
            return;
        }

        try
        {
            var input = DataConverter.Deserialize(started.Input, _orchestrator.InputType);
            _userTask = _orchestrator.RunAsync(_context!, input);
        }
        catch (Exception ex)
        {
            _userTask = Task.FromException<object?>(ex);
        }
    }

    private void ObserveUserTask()
    {
        if (_outcome is not null || _userTask is not { IsCompleted: true } task)
        {
            return;
        }

        if (task.IsCompletedSuccessfully)
        {
            _outcome = _context!.ContinueAsNewCall is { } next
                ? new Outcome(OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, null)
                : new Outcome(OrchestrationRuntimeStatus.Completed, DataConverter.Serialize(task.Result), null);
            return;
        }

        var exception = task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception ?? new TaskCanceledException(task);
        if (exception is NonDeterministicOrchestrationException)
        {
            throw exception;
        }

        _outcome = Outcome.Failed(TaskFailureDetails.FromException(exception));
    }

    private ExecutionResult BuildResult(ExecutionStarted started)
    {
        var context = _context!;
        var now = context.CurrentUtcDateTime;
        var continueAsNew = _outcome?.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? BuildContinueAsNew() : null;
        // A failed or terminated execution dispatches nothing it had still pending; one that continues as new
        // sends only its events (as DurableTask.Core does); a completed one still sends what it fired and forgot.
        var newActions = _outcome?.Status is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            ? []
            : context.PendingActions.Values.Where(a => continueAsNew is null || a is SendEventAction).ToList();
        var history = new List<HistoryEvent>(_applied);
        history.AddRange(newActions.Select(a => a.ToHistoryEvent(now, _scheduleId)));
        if (_outcome is { } outcome && !_finishedInHistory)
        {
            history.Add(new ExecutionCompleted
            {
                OrchestrationStatus = outcome.Status,
                Result = outcome.Output,
                FailureDetails = outcome.Failure,
                Timestamp = now,
            });
        }

        history.Add(new OrchestratorCompleted { Timestamp = now });

        var status = _outcome?.Status ?? (_suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running);
        return new ExecutionResult
        {
            NewHistory = history,
            NewActions = newActions,
            Status = status,
            Output = _outcome?.Output,
            FailureDetails = _outcome?.Failure,
            CustomStatus = context.CustomStatus,
            Started = started,
            ScheduleId = _scheduleId,
            ContinueAsNew = continueAsNew,
            DroppedEvents = _dropped,
        };
    }

    /// <summary>
    /// The next execution's start: events raised but not taken (those buffered, then those of this batch that came
    /// after ContinueAsNew, in order, each once) are carried over when asked; the delivery ids taken so far travel on
    /// so that a re-delivered copy of an event this execution took is not taken again by the next one.
    /// </summary>
    private ContinueAsNewRequest BuildContinueAsNew()
    {
        var (input, preserve) = _context!.ContinueAsNewCall!.Value;
        var carried = new List<EventRaised>();
        if (preserve)
        {
            carried.AddRange(_context.BufferedEvents);
            var late = _dropped.OfType<EventRaised>().Where(e => e.DeliveryId is not { } id || TakeDeliveryId(id)).ToList();
            _dropped.RemoveAll(e => late.Exists(l => ReferenceEquals(l, e)));
            carried.AddRange(late);
        }

        var carriedIds = carried.Select(e => e.DeliveryId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var prior = _deliveryOrder.Where(id => !carriedIds.Contains(id)).TakeLast(MaxPriorDeliveryIds).ToList();
        return new ContinueAsNewRequest(input, carried, prior);
    }

    /// <summary>How many delivery ids a new execution inherits: enough to cover the messages of the last episodes.</summary>
    internal const int MaxPriorDeliveryIds = 200;

    private sealed record Outcome(OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure)
    {
        public static Outcome Failed(TaskFailureDetails failure) => new(OrchestrationRuntimeStatus.Failed, null, failure);
    }
}
