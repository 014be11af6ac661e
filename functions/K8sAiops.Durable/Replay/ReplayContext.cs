using System.Text;
using K8sAiops.Durable.History;
using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable.Replay;

/// <summary>
/// The orchestration context during one episode: hands out sequence ids, records actions, and holds the
/// tasks the orchestrator awaits until history completes them. Driven by <see cref="OrchestrationExecutor"/>.
/// </summary>
internal sealed class ReplayContext(ExecutionStarted started, ILoggerFactory loggerFactory, ReplaySynchronizationContext syncContext)
    : TaskOrchestrationContext
{
    public const int MaxCustomStatusBytes = 16 * 1024;

    private readonly SortedDictionary<int, OrchestratorAction> _pendingActions = [];
    private readonly Dictionary<int, OpenTask> _openTasks = [];
    private readonly Dictionary<string, LinkedList<EventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaised> _bufferedEvents = [];
    private int _sequence;
    private int _guidCounter;
    private DateTime _currentUtcDateTime = started.Timestamp;
    private bool _isReplaying = true;

    public override TaskName Name => started.Name;

    public override string InstanceId => started.InstanceId;

    public override string ExecutionId => started.ExecutionId;

    public override DateTime CurrentUtcDateTime => _currentUtcDateTime;

    public override bool IsReplaying => _isReplaying;

    public ExecutionStarted Started => started;

    public string? CustomStatus { get; private set; }

    /// <summary>Set when the orchestrator called ContinueAsNew: the next execution's input and whether to carry events.</summary>
    public (string? Input, bool PreserveUnprocessedEvents)? ContinueAsNewCall { get; private set; }

    /// <summary>Events delivered to this execution that no waiter has taken yet, oldest first.</summary>
    public IReadOnlyList<EventRaised> BufferedEvents => _bufferedEvents;

    public IReadOnlyDictionary<int, OrchestratorAction> PendingActions => _pendingActions;

    public bool HasDurableWork => _openTasks.Count > 0 || _waiters.Values.Any(w => w.Count > 0);

    internal void SetCurrentUtcDateTime(DateTime value) => _currentUtcDateTime = DateTime.SpecifyKind(value, DateTimeKind.Utc);

    internal void SetReplaying(bool value) => _isReplaying = value;

    public override T? GetInput<T>() where T : default => DataConverter.Deserialize<T>(started.Input);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        EnsureOnOrchestrationThread();
        var serialized = DataConverter.Serialize(input);
        return options?.Retry is { } retry
            ? WithRetryAsync(() => ScheduleActivity<TResult>(name.Name, serialized), retry)
            : ScheduleActivity<TResult>(name.Name, serialized);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        EnsureOnOrchestrationThread();
        var serialized = DataConverter.Serialize(input);
        var instanceId = (options as SubOrchestrationOptions)?.InstanceId;
        return options?.Retry is { } retry
            ? WithRetryAsync(() => ScheduleSubOrchestration<TResult>(orchestratorName.Name, instanceId, serialized), retry)
            : ScheduleSubOrchestration<TResult>(orchestratorName.Name, instanceId, serialized);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureOnOrchestrationThread();
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var id = _sequence++;
        _pendingActions.Add(id, new CreateTimerAction(id, utc));
        var tcs = new TaskCompletionSource<object?>();
        _openTasks.Add(id, new OpenTask($"timer #{id}", _ => tcs.TrySetResult(null), f => tcs.TrySetException(new InvalidOperationException(f.ErrorMessage))));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                _openTasks.Remove(id);
                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return tcs.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        EnsureOnOrchestrationThread();
        var buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var input = _bufferedEvents[buffered].Input;
            _bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(DataConverter.Deserialize<T>(input)!);
        }

        var tcs = new TaskCompletionSource<T>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            _waiters[eventName] = list = new LinkedList<EventWaiter>();
        }

        var node = list.AddLast(new EventWaiter(input =>
        {
            try
            {
                tcs.TrySetResult(DataConverter.Deserialize<T>(input)!);
            }
            catch (Exception ex)
            {
                tcs.TrySetException(ex);
            }
        }));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                }

                tcs.TrySetCanceled(cancellationToken);
            });
        }

        return tcs.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        EnsureOnOrchestrationThread();
        var id = _sequence++;
        _pendingActions.Add(id, new SendEventAction(id, instanceId, eventName, DataConverter.Serialize(payload)));
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOnOrchestrationThread();
        var serialized = DataConverter.Serialize(customStatus);
        if (serialized is not null && Encoding.UTF8.GetByteCount(serialized) > MaxCustomStatusBytes)
        {
            throw new ArgumentException($"The custom status is {Encoding.UTF8.GetByteCount(serialized)} bytes once serialized; at most {MaxCustomStatusBytes} are allowed.", nameof(customStatus));
        }

        CustomStatus = serialized;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOnOrchestrationThread();
        ContinueAsNewCall = (DataConverter.Serialize(newInput), preserveUnprocessedEvents);
    }

    public override Guid NewGuid()
    {
        EnsureOnOrchestrationThread();
        var name = $"{InstanceId}_{CurrentUtcDateTime:o}_{_guidCounter++}";
        return DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, name);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(loggerFactory.CreateLogger(categoryName), () => _isReplaying);

    /// <summary>Checks a replayed scheduling event against the action the code took with the same id.</summary>
    internal void MatchScheduledEvent(HistoryEvent recorded)
    {
        if (!_pendingActions.Remove(recorded.EventId, out var action))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): history has {HistoryEventDescriptions.Describe(recorded)} " +
                $"as task #{recorded.EventId}, but the orchestrator code hasn't (yet?) scheduled task #{recorded.EventId}. " +
                "Was the orchestrator changed while this instance was running? Add a new orchestration instead.");
        }

        var kindMatches = (recorded, action) switch
        {
            (TaskScheduled, ScheduleTaskAction) => true,
            (TimerCreated, CreateTimerAction) => true,
            (SubOrchestrationInstanceCreated, CreateSubOrchestrationAction) => true,
            (EventSent, SendEventAction) => true,
            _ => false,
        };
        var nameMatches = string.Equals(HistoryEventDescriptions.NameOf(recorded), HistoryEventDescriptions.NameOf(action), StringComparison.OrdinalIgnoreCase);
        if (!kindMatches || !nameMatches)
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): task #{recorded.EventId} was expected to be " +
                $"{HistoryEventDescriptions.Describe(recorded)} (from history), but the orchestrator code now schedules {action.Describe()}. " +
                "Was the orchestrator changed while this instance was running? Add a new orchestration instead.");
        }
    }

    /// <summary>Completes the task awaiting <paramref name="id"/>; false when nothing awaits it (cancelled or unknown).</summary>
    internal bool CompleteTask(int id, string? result)
    {
        if (!_openTasks.Remove(id, out var task))
        {
            return false;
        }

        task.Complete(result);
        return true;
    }

    internal bool FailTask(int id, TaskFailureDetails failure)
    {
        if (!_openTasks.Remove(id, out var task))
        {
            return false;
        }

        task.Fail(failure);
        return true;
    }

    /// <summary>Hands an external event to the oldest waiter for its name, or buffers it.</summary>
    internal void DeliverEvent(EventRaised raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.Deliver(raised.Input);
            return;
        }

        _bufferedEvents.Add(raised);
    }

    private Task<T> ScheduleActivity<T>(string name, string? input)
    {
        var id = _sequence++;
        _pendingActions.Add(id, new ScheduleTaskAction(id, name, input));
        return AwaitResult<T>(id, $"activity '{name}'", name);
    }

    private Task<T> ScheduleSubOrchestration<T>(string name, string? instanceId, string? input)
    {
        var id = _sequence++;
        instanceId ??= DefaultSubOrchestrationId(id);
        _pendingActions.Add(id, new CreateSubOrchestrationAction(id, name, instanceId, input));
        return AwaitResult<T>(id, $"sub-orchestration '{name}'", name);
    }

    /// <summary>
    /// "{parent}:{execution}:{task id}": unique per parent execution, so a parent that continues as new, or is
    /// re-created under the same id, never reuses a child id (and a child's history) of an earlier execution.
    /// </summary>
    private string DefaultSubOrchestrationId(int taskId)
    {
        var execution = started.ExecutionId.Replace("-", "", StringComparison.Ordinal);
        return $"{InstanceId}:{execution[..Math.Min(12, execution.Length)]}:{taskId:X4}";
    }

    private Task<T> AwaitResult<T>(int id, string description, string name)
    {
        var tcs = new TaskCompletionSource<T>();
        _openTasks.Add(id, new OpenTask(
            description,
            result =>
            {
                try
                {
                    tcs.TrySetResult(DataConverter.Deserialize<T>(result)!);
                }
                catch (Exception ex)
                {
                    tcs.TrySetException(ex);
                }
            },
            failure => tcs.TrySetException(new TaskFailedException(name, id, failure))));
        return tcs.Task;
    }

    private async Task<T> WithRetryAsync<T>(Func<Task<T>> attempt, RetryPolicy policy)
    {
        var firstAttemptAt = CurrentUtcDateTime;
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (n < policy.MaxNumberOfAttempts && (policy.HandleFailure?.Invoke(ex.FailureDetails) ?? true))
            {
                var delay = policy.GetDelay(n);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
            }
        }
    }

    private void EnsureOnOrchestrationThread()
    {
        if (!ReferenceEquals(SynchronizationContext.Current, syncContext) || syncContext.Closed)
        {
            throw new InvalidOperationException(
                $"Orchestrator '{Name}' ({InstanceId}) called its context outside the orchestration episode. Orchestrator code must not use " +
                "Task.Run, ConfigureAwait(false), Task.Delay or I/O: only the context's activities, timers and events are durable.");
        }
    }

    private sealed record OpenTask(string Description, Action<string?> Complete, Action<TaskFailureDetails> Fail);

    private sealed record EventWaiter(Action<string?> Deliver);
}
