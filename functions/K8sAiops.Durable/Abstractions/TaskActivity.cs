namespace K8sAiops.Durable;

/// <summary>What an activity knows about the call that scheduled it.</summary>
public sealed record TaskActivityContext(TaskName Name, string InstanceId, int TaskId)
{
    /// <summary>A key unique to this scheduled call, stable across re-deliveries: use it to make side effects idempotent.</summary>
    public string IdempotencyKey => $"{InstanceId}:{TaskId}";
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
