using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Timers;
using K8sAiops.Durable.Worker;
using K8sAiops.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace K8sAiops.Functions.Durable;

public static class TimerTriggerExtensions
{
    /// <summary>
    /// Runs every registered <see cref="TimerTriggerDefinition"/> (see <see cref="AddTimerTrigger"/>) once per
    /// occurrence across the hosts of the task hub; schedule status and leases live next to the hub
    /// (a blob container in Azure Storage, this process for <c>InMemory</c>).
    /// </summary>
    internal static WebApplicationBuilder AddTimerTriggers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ITimerScheduleStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Kind == StorageKind.InMemory
                ? new InMemoryTimerScheduleStore(sp.GetRequiredService<TimeProvider>())
                : new AzureBlobTimerScheduleStore(storage.ConnectionString, sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHubName);
        });
        builder.Services.AddSingleton(sp => new TimerTriggerService(
            sp.GetServices<TimerTriggerDefinition>(),
            sp.GetRequiredService<ITimerScheduleStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TimerTriggerService>>(),
            sp.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.WorkerId));
        builder.Services.AddHostedSingleton<TimerTriggerService>();
        return builder;
    }

    /// <summary>Adds a timer trigger; <paramref name="create"/> may resolve services (e.g. a client to start orchestrations).</summary>
    public static IServiceCollection AddTimerTrigger(this IServiceCollection services, Func<IServiceProvider, TimerTriggerDefinition> create)
        => services.AddSingleton(create);
}
