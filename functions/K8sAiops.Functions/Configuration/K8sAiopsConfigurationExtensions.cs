using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using K8sAiops.Functions.Hosting;

namespace K8sAiops.Functions.Configuration;

public static class K8sAiopsConfigurationExtensions
{
    /// <summary>The port variable <c>scripts/run.sh</c> and the README use; <c>Http__Port</c> and <c>--port</c> win over it.</summary>
    public const string PortEnvironmentVariable = "K8SAIOPS_PORT";

    /// <summary>
    /// Orders the settings as Azure Functions Core Tools does, lowest first: <c>local.settings.json</c>
    /// (its <c>Values</c>, in the content root, optional), <c>K8SAIOPS_PORT</c>, environment variables,
    /// then <paramref name="commandLine"/> (what the CLI verb was given). Environment variables use
    /// <c>__</c> for nesting too.
    /// </summary>
    public static WebApplicationBuilder AddK8sAiopsConfiguration(
        this WebApplicationBuilder builder, IReadOnlyDictionary<string, string?>? commandLine = null)
    {
        var sources = builder.Configuration.Sources;
        var firstUnprefixedEnvironment = sources
            .Select((source, index) => (source, index))
            .FirstOrDefault(s => s.source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var at = firstUnprefixedEnvironment.source is null ? sources.Count : firstUnprefixedEnvironment.index;

        var localSettings = new LocalSettingsConfigurationSource
        {
            Path = LocalSettingsConfigurationSource.FileName,
            Optional = true,
            ReloadOnChange = false,
        };
        localSettings.ResolveFileProvider();
        localSettings.FileProvider ??= builder.Environment.ContentRootFileProvider;

        var ported = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable(PortEnvironmentVariable) is { Length: > 0 } port)
        {
            ported[$"{HttpOptions.Section}:Port"] = port;
        }

        sources.Insert(at, new MemoryConfigurationSource { InitialData = ported });
        sources.Insert(at, localSettings);
        if (commandLine is { Count: > 0 })
        {
            builder.Configuration.AddInMemoryCollection(commandLine);
        }

        return builder;
    }
}
