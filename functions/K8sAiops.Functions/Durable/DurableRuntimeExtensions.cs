using K8sAiops.Activities.Configuration;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Worker;
using K8sAiops.Functions.Configuration;
using K8sAiops.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Durable;

public static class DurableRuntimeExtensions
{
    /// <summary>The task hub settings: <see cref="AzureStorageOptions"/> less its connection string (that is <c>AzureWebJobsStorage</c>).</summary>
    public const string Section = "Durable";

    public const string WorkerSection = "Durable:Worker";

    /// <summary>
    /// The durable runtime: the store named by <c>AzureWebJobsStorage</c>, the task hub of <c>Durable</c>,
    /// a <see cref="DurableTaskClient"/>, and a <see cref="DurableTaskWorker"/> (tuned by <c>Durable:Worker</c>)
    /// running as a hosted service. Orchestrators and activities come from <see cref="AddDurableTasks"/>.
    /// </summary>
    public static WebApplicationBuilder AddDurableRuntime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration[StorageOptions.ConnectionSetting] is { } connection)
                {
                    options.ConnectionString = connection;
                }
            })
            .ValidateOnStart();
        services.AddSettings<AzureStorageOptions>(Section)
            .Configure<IOptions<StorageOptions>>((hub, storage) => hub.ConnectionString = storage.Value.ConnectionString);
        services.AddSettings<DurableTaskWorkerOptions>(WorkerSection);
        services.AddSingleton<IValidateOptions<DurableTaskWorkerOptions>, WorkerIntervalsValidator>();

        services.TryAddSingleton(sp =>
        {
            var registry = new DurableTaskRegistry();
            foreach (var registration in sp.GetServices<DurableTaskRegistration>())
            {
                registration.Configure(registry);
            }

            return registry;
        });
        services.TryAddSingleton(OrchestrationStoreFactory.Create);
        services.TryAddSingleton(sp => new DurableTaskClient(sp.GetRequiredService<IOrchestrationStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DurableTaskWorker(
            sp.GetRequiredService<IOrchestrationStore>(),
            sp.GetRequiredService<DurableTaskRegistry>(),
            sp,
            sp.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DurableTaskClient>()));
        services.AddHostedSingleton<DurableTaskWorker>();
        builder.AddTimerTriggers();
        return builder;
    }

    /// <summary>Adds orchestrators and activities to the host's registry; features call this from their own <c>Add…</c>.</summary>
    public static IServiceCollection AddDurableTasks(this IServiceCollection services, Action<DurableTaskRegistry> configure)
    {
        services.AddSingleton(new DurableTaskRegistration(configure));
        return services;
    }
}

/// <summary>One feature's contribution to the <see cref="DurableTaskRegistry"/>.</summary>
public sealed record DurableTaskRegistration(Action<DurableTaskRegistry> Configure);

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var connection = options.ConnectionString?.Trim();
        if (string.IsNullOrEmpty(connection))
        {
            return ValidateOptionsResult.Fail(
                $"Setting {StorageOptions.ConnectionSetting} is empty: set a storage connection string, UseDevelopmentStorage=true (Azurite) or {StorageOptions.InMemory}.");
        }

        if (options.Kind == StorageKind.AzureStorage && !connection.Contains('=', StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                $"Setting {StorageOptions.ConnectionSetting} is not a storage connection string (expected key=value pairs such as " +
                $"UseDevelopmentStorage=true or AccountName=...;AccountKey=...), nor {StorageOptions.InMemory}.");
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>The worker's durations must be positive; data annotations cannot say so for <see cref="TimeSpan"/> without bounds.</summary>
internal sealed class WorkerIntervalsValidator : IValidateOptions<DurableTaskWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableTaskWorkerOptions options)
    {
        var failures = new List<string>();
        Check(nameof(options.VisibilityTimeout), options.VisibilityTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Check(nameof(options.MaxPollingInterval), options.MaxPollingInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Check(nameof(options.MaxTimerInterval), options.MaxTimerInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(6));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string member, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                failures.Add($"Setting {DurableRuntimeExtensions.WorkerSection}:{member} is invalid: {value} is outside {min} to {max}.");
            }
        }
    }
}
