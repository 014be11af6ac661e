using K8sAiops.Activities.Configuration;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace K8sAiops.Activities.Analyze.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>The remote's name in resilience log events and errors.</summary>
    public const string RemoteName = "Llm";

    /// <summary>
    /// Registers the <see cref="LlmAnalyzer"/> with its <see cref="LlmOptions"/> (bound from <c>Analyze:Llm</c>, validated
    /// at start with the bad key named), the <see cref="PromptBuilder"/> and, unless the provider is None, the chat clients
    /// over an HTTP client whose requests go through a <see cref="ResilienceHandler"/>: one attempt plus one retry on a
    /// transient failure (429, 5xx, connection error), all within <see cref="LlmOptions.Timeout"/>.
    /// </summary>
    public static IServiceCollection AddLlmAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Redactor.Default);
        services.AddSingleton<IValidateOptions<LlmOptions>>(new SettingsValidator<LlmOptions>(LlmOptions.Section));
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section)).ValidateOnStart();
        services.TryAddSingleton(sp => new PromptBuilder(sp.GetRequiredService<Redactor>()));
        services.TryAddSingleton(sp => new LlmAnalyzer(
            CreateClients(sp),
            sp.GetRequiredService<IOptions<LlmOptions>>(),
            sp.GetRequiredService<PromptBuilder>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<LlmAnalyzer>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<LlmAnalyzer>.Instance));
        return services;
    }

    private static LlmChatClients? CreateClients(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        if (options.Provider == LlmProvider.None)
            return null;

        var pipeline = RemoteCallPipeline.Create(
            RemoteName,
            new RemoteCallOptions { AttemptTimeout = options.Timeout, TotalTimeout = options.Timeout, MaxRetryAttempts = 1 },
            services.GetRequiredService<TimeProvider>(),
            services.GetService<ILoggerFactory>()?.CreateLogger($"{typeof(RemoteCallPipeline).Namespace}.{RemoteName}"));
        var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() })
        {
            // The pipeline's timeout governs; HttpClient's own is only a backstop behind it.
            Timeout = options.Timeout + TimeSpan.FromSeconds(10),
        };
        return LlmChatClients.Create(options, http);
    }
}
