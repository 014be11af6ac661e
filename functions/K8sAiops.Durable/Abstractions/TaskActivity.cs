namespace K8sAiops.Durable;

/// <summary>What an activity knows about the call that scheduled it.</summary>
/// <param name="ExecutionId">The orchestration execution that scheduled the call: new after ContinueAsNew or re-creation.</param>
public sealed record TaskActivityContext(TaskName Name, string InstanceId, int TaskId, string ExecutionId)
{
    /// <summary>
    /// A key unique to this scheduled call and stable across re-deliveries: use it to make side effects idempotent.
    /// It includes the execution id, so a later execution of the same instance id (ContinueAsNew, or an instance
    /// re-created under the same id) never reuses the key of an earlier one.
    /// </summary>
    public string IdempotencyKey => $"{InstanceId}:{ExecutionId}:{TaskId}";
}

/// <summary>An activity with untyped input and output, as the runtime sees it.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input, CancellationToken cancellationToken);
}

/// <summary>Base class for typed activities, named like durabletask-dotnet's.</summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    public Type InputType => typeof(TInput);

    public Type OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    /// <summary>Cancelled when the host shuts down.</summary>
    protected CancellationToken ShutdownToken { get; private set; }

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input, CancellationToken cancellationToken)
    {
        ShutdownToken = cancellationToken;
        return await RunAsync(context, (TInput)input!);
    }
}
