namespace K8sAiops.Durable;

/// <summary>Orchestrators and activities by name, registered by type or as functions (durabletask-dotnet's registry).</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = [];
    private readonly Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>> _activities = [];

    public IReadOnlyCollection<TaskName> OrchestratorNames => _orchestrators.Keys;

    public IReadOnlyCollection<TaskName> ActivityNames => _activities.Keys;

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>() where TOrchestrator : class, ITaskOrchestrator
        => AddOrchestrator(typeof(TOrchestrator).Name, sp => CreateInstance<TOrchestrator>(sp));

    public DurableTaskRegistry AddOrchestrator(TaskName name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(TaskName name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> func)
        => AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(func));

    public DurableTaskRegistry AddActivity<TActivity>() where TActivity : class, ITaskActivity
        => AddActivity(typeof(TActivity).Name, sp => CreateInstance<TActivity>(sp));

    public DurableTaskRegistry AddActivity(TaskName name, Func<IServiceProvider, ITaskActivity> factory)
    {
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, Task<TOutput>> func)
        => AddActivity(name, _ => new FuncActivity<TInput, TOutput>(func));

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, TOutput> func)
        => AddActivity(name, _ => new FuncActivity<TInput, TOutput>((c, i) => Task.FromResult(func(c, i))));

    internal bool TryCreateOrchestrator(TaskName name, IServiceProvider services, out ITaskOrchestrator? orchestrator)
    {
        orchestrator = _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;
        return orchestrator is not null;
    }

    internal bool TryCreateActivity(TaskName name, IServiceProvider services, out ITaskActivity? activity)
    {
        activity = _activities.TryGetValue(name, out var factory) ? factory(services) : null;
        return activity is not null;
    }

    private static T CreateInstance<T>(IServiceProvider services) where T : class
        => (T)Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, typeof(T));

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> func)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => func(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> func)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => func(context, input);
    }
}
