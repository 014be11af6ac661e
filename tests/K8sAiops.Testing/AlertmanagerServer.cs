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

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly StringBuilder _output;

    private AlertmanagerServer(Process process, DirectoryInfo folder, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        _output = output;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; }

    /// <summary>127.0.0.1:{port}, the target Prometheus sends alerts to.</summary>
    public string Instance => BaseAddress.Authority;

    /// <summary>The generated alertmanager.yml.</summary>
    public string ConfigFile => Path.Combine(_folder.FullName, "alertmanager.yml");

    /// <summary>What the process has written so far (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

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

        var psi = new ProcessStartInfo(options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.FullName,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}",
                     $"--storage.path={Path.Combine(folder.FullName, "data")}",
                     $"--web.listen-address={baseAddress.Authority}",
                     "--cluster.listen-address=",
                     "--log.level=warn",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{options.Executable} did not start.");
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AlertmanagerServer(process, folder, output, baseAddress);
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

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Alertmanager exited with code {_process.ExitCode} while starting:\n{Output}");
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Alertmanager at {BaseAddress} was not ready after {timeout.TotalSeconds:0} s:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("-/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out; try again.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}
