namespace K8sAiops.Durable;

/// <summary>An orchestrator with untyped input and output, as the runtime sees it.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// Base class for typed orchestrators, named like durabletask-dotnet's. The code must be deterministic:
/// only the context's clock, GUIDs, timers and events; files named *Orchestrator.cs are checked by the banned-API analyzer.
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    public Type InputType => typeof(TInput);

    public Type OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input)
        => await RunAsync(context, (TInput)input!);
}
