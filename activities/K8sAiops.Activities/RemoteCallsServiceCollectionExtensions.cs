using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Logs;
using K8sAiops.Activities.Metrics;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace K8sAiops.Activities;

/// <summary>Registers what the collectors need to call remotes safely and to redact what they bring back.</summary>
public static class RemoteCallsServiceCollectionExtensions
{
    /// <summary>
    /// Registers, for each remote in <see cref="RemoteCallNames"/>: its <see cref="RemoteCallOptions"/> (named after the
    /// remote, bound from <c>Collect:{Remote}:Resilience</c>, validated at start with the bad key named), its shared
    /// pipeline as a keyed singleton and a <see cref="ResilienceHandler"/> on it as a keyed transient (KubernetesClient
    /// takes one per client: <c>GetRequiredKeyedService&lt;ResilienceHandler&gt;(RemoteCallNames.Kubernetes)</c>).
    /// Also the typed clients <see cref="PrometheusClient"/> and <see cref="LokiClient"/> with their base URLs from
    /// <c>Collect:Prometheus:Url</c> and <c>Collect:Loki:Url</c> (optional: check <see cref="PrometheusOptions.Enabled"/>
    /// and <see cref="LokiOptions.Enabled"/>), the <see cref="Redactor"/> and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddRemoteCalls(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Redactor.Default);

        foreach (var name in RemoteCallNames.All)
        {
            var section = RemoteCallNames.ResilienceSection(name);
            services.AddSingleton<IValidateOptions<RemoteCallOptions>>(new SettingsValidator<RemoteCallOptions>(section, name));
            services.AddOptions<RemoteCallOptions>(name).Bind(configuration.GetSection(section)).ValidateOnStart();
            services.AddKeyedSingleton(name, (sp, _) => RemoteCallPipeline.Create(
                name,
                sp.GetRequiredService<IOptionsMonitor<RemoteCallOptions>>().Get(name),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger($"{typeof(RemoteCallPipeline).Namespace}.{name}")));
            services.AddKeyedTransient(name, (sp, _) => new ResilienceHandler(sp.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(name)));
        }

        services.AddOptions<PrometheusOptions>().Bind(configuration.GetSection(PrometheusOptions.Section))
            .Validate(o => IsHttpUrl(o.Url), $"{PrometheusOptions.Section}:Url must be an absolute http or https URL.")
            .ValidateOnStart();
        services.AddHttpClient<PrometheusClient>((sp, http) =>
            {
                Configure(http, sp.GetRequiredService<IOptions<PrometheusOptions>>().Value.Url, sp, RemoteCallNames.Prometheus);
            })
            .AddHttpMessageHandler(sp => sp.GetRequiredKeyedService<ResilienceHandler>(RemoteCallNames.Prometheus));

        services.AddOptions<LokiOptions>().Bind(configuration.GetSection(LokiOptions.Section))
            .Validate(o => IsHttpUrl(o.Url), $"{LokiOptions.Section}:Url must be an absolute http or https URL.")
            .ValidateOnStart();
        services.AddHttpClient<LokiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<LokiOptions>>().Value;
                Configure(http, options.Url, sp, RemoteCallNames.Loki);
                if (!string.IsNullOrWhiteSpace(options.TenantId))
                {
                    http.DefaultRequestHeaders.Add("X-Scope-OrgID", options.TenantId);
                }
            })
            .AddHttpMessageHandler(sp => sp.GetRequiredKeyedService<ResilienceHandler>(RemoteCallNames.Loki));

        return services;
    }

    private static void Configure(HttpClient http, Uri? url, IServiceProvider services, string remote)
    {
        if (url is not null)
        {
            http.BaseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }

        // The pipeline's total timeout governs; HttpClient's own is only a backstop behind it.
        var total = services.GetRequiredService<IOptionsMonitor<RemoteCallOptions>>().Get(remote).TotalTimeout;
        http.Timeout = total + TimeSpan.FromSeconds(10);
    }

    private static bool IsHttpUrl(Uri? url)
        => url is null || (url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps));
}
