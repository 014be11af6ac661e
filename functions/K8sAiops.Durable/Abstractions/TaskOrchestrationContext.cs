using Microsoft.Extensions.Logging;

namespace K8sAiops.Durable;

/// <summary>
/// What orchestrator code may use, member-for-member with durabletask-dotnet's TaskOrchestrationContext.
/// Everything here is replay-safe; anything else (clock, I/O, threads) is not.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>
    /// This execution of the instance: new after ContinueAsNew or when the instance is re-created under the same
    /// id. Bind anything handed to the outside world (links, keys) to it so an earlier execution's cannot act on this one.
    /// </summary>
    public abstract string ExecutionId { get; }

    /// <summary>The episode's time, read from history (OrchestratorStarted), never from the clock.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        => CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>A durable timer; cancelling the token abandons it (the timer message is then ignored).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an external event; events raised before anyone waits are buffered in order.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for an external event or the timeout, whichever comes first (a durable timer races the event).
    /// On timeout it throws <see cref="TaskCanceledException"/>, as durabletask-dotnet does.
    /// </summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = CreateTimer(timeout, timerCts.Token);
        var externalEvent = WaitForExternalEvent<T>(eventName, eventCts.Token);
        var winner = await Task.WhenAny(timer, externalEvent);

        // Cancel() runs the loser's cancellation on this, the orchestration's, thread; CancelAsync would not.
#pragma warning disable CA1849
        (winner == externalEvent ? timerCts : eventCts).Cancel();
#pragma warning restore CA1849

        return await externalEvent;
    }

    /// <summary>Sends an event to another orchestration instance (fire and forget, recorded as EventSent).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets the status shown to clients; at most 16 KB once serialized.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Ends this execution and starts a new one of the same instance with a fresh history.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A deterministic GUID (UUIDv5 of instance id, episode time and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the orchestrator is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
