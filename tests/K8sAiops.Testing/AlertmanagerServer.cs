using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace K8sAiops.Testing;

/// <summary>How an <see cref="AlertmanagerServer"/> routes: everything to one webhook, grouped and timed for tests.</summary>
public sealed record AlertmanagerServerOptions
{
    /// <summary>The Alertmanager binary: Debian's package <c>prometheus-alertmanager</c> installs it at /usr/bin/prometheus-alertmanager.</summary>
    public string Executable { get; init; } = AlertmanagerServer.DefaultExecutable;

    /// <summary>Where the webhook receiver posts (Alertmanager's webhook payload, version 4).</summary>
    public required Uri WebhookUrl { get; init; }

    /// <summary>The route's group_by; by default the same as <c>infra/alertmanager/alertmanager.yml</c>.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } =
    [
        "alertname", "namespace", "pod", "container", "deployment", "statefulset", "daemonset", "job_name",
        "horizontalpodautoscaler", "persistentvolumeclaim", "persistentvolume", "resourcequota", "node",
    ];

    /// <summary>group_wait: 1 s (30 s in production), so that the first notification comes within seconds.</summary>
    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>group_interval: 1 s (5 m in production).</summary>
    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>repeat_interval: 1 h, so that an unchanged group is not posted again during a test.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>send_resolved on the webhook.</summary>
    public bool SendResolved { get; init; } = true;

    /// <summary>How long to wait for <c>/-/ready</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A real Alertmanager (Debian's <c>/usr/bin/prometheus-alertmanager</c>, 0.25) on 127.0.0.1 and a free port, with a
/// generated config that routes every alert to the test's webhook, clustering off (<c>--cluster.listen-address=</c>),
/// and a throw-away storage folder. <see cref="StartAsync"/> returns once <c>/-/ready</c> answers; disposing kills the
/// process and deletes its folder. Give <see cref="Instance"/> to <see cref="PrometheusServerOptions.Alertmanagers"/>.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/prometheus-alertmanager";

    private readonly ServerProcess _server;

    private AlertmanagerServer(ServerProcess server) => _server = server;

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>127.0.0.1:{port}, the target Prometheus sends alerts to.</summary>
    public string Instance => BaseAddress.Authority;

    /// <summary>The generated alertmanager.yml.</summary>
    public string ConfigFile => Path.Combine(_server.Folder.FullName, "alertmanager.yml");

    /// <summary>What the process has written so far (its log), for failure messages.</summary>
    public string Output => _server.Output;

    public static async Task<AlertmanagerServer> StartAsync(AlertmanagerServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.Executable))
        {
            throw new InvalidOperationException(
                $"Alertmanager is not installed at {options.Executable}. Run scripts/test.sh, which installs the Debian package " +
                "'prometheus-alertmanager' (or: sudo apt-get install prometheus-alertmanager).");
        }

        var folder = Directory.CreateTempSubdirectory("k8saiops-alertmanager-");
        var baseAddress = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        var config = Path.Combine(folder.FullName, "alertmanager.yml");
        await File.WriteAllTextAsync(config, Config(options), cancellationToken);

        var server = new AlertmanagerServer(ServerProcess.Start("Alertmanager", options.Executable, folder, baseAddress,
        [
            $"--config.file={config}",
            $"--storage.path={Path.Combine(folder.FullName, "data")}",
            $"--web.listen-address={baseAddress.Authority}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ]));
        try
        {
            await server.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The alertmanager.yml for <paramref name="options"/>.</summary>
    public static string Config(AlertmanagerServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StringBuilder()
            .AppendLine("route:")
            .AppendLine("  receiver: webhook")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_by: [{string.Join(", ", options.GroupBy.Select(Quote))}]")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_wait: {Duration(options.GroupWait)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_interval: {Duration(options.GroupInterval)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  repeat_interval: {Duration(options.RepeatInterval)}")
            .AppendLine("receivers:")
            .AppendLine("  - name: webhook")
            .AppendLine("    webhook_configs:")
            .AppendLine(CultureInfo.InvariantCulture, $"      - url: {Quote(options.WebhookUrl.ToString())}")
            .AppendLine(CultureInfo.InvariantCulture, $"        send_resolved: {(options.SendResolved ? "true" : "false")}")
            .ToString();
    }

    /// <summary>A duration in Prometheus' notation, in whole milliseconds (<c>1500ms</c>).</summary>
    public static string Duration(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _server.WaitUntilAsync(async http =>
        {
            using var response = await http.GetAsync("-/ready", cancellationToken);
            return response.IsSuccessStatusCode;
        }, "ready", timeout, TimeSpan.FromMilliseconds(100), cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
