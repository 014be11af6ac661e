using System.CommandLine;
using K8sAiops.Functions.Configuration;
using K8sAiops.Functions.Hosting;

namespace K8sAiops.Functions.Cli;

/// <summary><c>k8saiops serve</c>: runs the host (HTTP triggers, management API, durable worker) until stopped.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port", "-p")
        {
            Description = $"Port on 127.0.0.1 [default: {K8sAiopsConfigurationExtensions.PortEnvironmentVariable} or Http:Port or 7071]",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on instead of 127.0.0.1:<port>, separated by ';' (e.g. http://0.0.0.0:7071)",
        };
        var settings = new Option<string[]>("--setting", "-s")
        {
            Description = "A setting that wins over local.settings.json and the environment, as KEY=VALUE (e.g. Durable:TaskHubName=Hub2); repeatable",
        };
        settings.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--setting expects KEY=VALUE, got '{value}'.");
                }
            }
        });

        var command = new Command("serve", "Run the host: health, the durable management API, HTTP starters and the durable worker.")
        {
            port, urls, settings,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var setting in parseResult.GetValue(settings) ?? [])
            {
                var at = setting.IndexOf('=', StringComparison.Ordinal);
                overrides[setting[..at].Trim().Replace("__", ":", StringComparison.Ordinal)] = setting[(at + 1)..];
            }

            if (parseResult.GetValue(port) is { } p)
            {
                overrides[$"{HttpOptions.Section}:{nameof(HttpOptions.Port)}"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (parseResult.GetValue(urls) is { Length: > 0 } u)
            {
                overrides[$"{HttpOptions.Section}:{nameof(HttpOptions.Urls)}"] = u;
            }

            var app = Program.BuildWebHost(new HostSettings { CommandLine = overrides });
            await using (app)
            {
                await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
