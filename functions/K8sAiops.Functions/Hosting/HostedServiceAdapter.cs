namespace K8sAiops.Functions.Hosting;

/// <summary>
/// Runs a singleton as a hosted service without a second registration owning it: the container
/// disposes every instance a factory returns, so <c>AddHostedService(sp => sp.GetRequiredService&lt;T&gt;())</c>
/// would dispose the singleton twice.
/// </summary>
internal sealed class HostedServiceAdapter<T>(T inner) : IHostedService where T : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);
}

internal static class HostedServiceAdapterExtensions
{
    /// <summary>Starts and stops the <typeparamref name="T"/> singleton with the host; the singleton registration alone owns it.</summary>
    public static IServiceCollection AddHostedSingleton<T>(this IServiceCollection services) where T : class, IHostedService
        => services.AddHostedService(sp => new HostedServiceAdapter<T>(sp.GetRequiredService<T>()));
}
