using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace K8sAiops.Testing;

/// <summary>An extra scrape job for <see cref="PrometheusServer"/>.</summary>
/// <param name="JobName">The job label.</param>
/// <param name="Targets">host:port targets, e.g. the sandbox's metrics endpoint.</param>
/// <param name="MetricsPath">The path scraped; /metrics when null.</param>
/// <param name="Params">Query parameters sent with every scrape (the scrape config's <c>params</c>); none when null.</param>
public sealed record PrometheusScrapeTarget(
    string JobName, IReadOnlyList<string> Targets, string? MetricsPath = null, IReadOnlyDictionary<string, string>? Params = null)
{
    /// <summary>
    /// Labels the targets get (the static config's <c>labels</c>), e.g. <c>metrics_path</c> as the Prometheus Operator
    /// adds it, or <c>job</c> to give two scrape configs one job label; none when null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Whether labels the target exposes win over the target's own (<c>honor_labels</c>), e.g. an exporter's <c>instance</c>.</summary>
    public bool HonorLabels { get; init; }
}

/// <summary>What a <see cref="PrometheusServer"/> scrapes and evaluates besides itself.</summary>
public sealed record PrometheusServerOptions
{
    /// <summary>The Prometheus binary: Debian's package installs it at /usr/bin/prometheus.</summary>
    public string Executable { get; init; } = PrometheusServer.DefaultExecutable;

    /// <summary>Scrape (and rule evaluation) interval; 1 s so that tests see data within seconds.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs scraped in addition to the server's own "prometheus" job.</summary>
    public IReadOnlyList<PrometheusScrapeTarget> ScrapeTargets { get; init; } = [];

    /// <summary>Rule files to load (their full paths); Prometheus reads alerting and recording rules from them.</summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = [];

    /// <summary>Alertmanager host:port targets to send firing alerts to.</summary>
    public IReadOnlyList<string> Alertmanagers { get; init; } = [];

    /// <summary>Wait until the first self-scrape is stored (the query <c>up</c> returns a sample) before returning.</summary>
    public bool WaitForFirstScrape { get; init; } = true;

    /// <summary>How long to wait for readiness and the first scrape.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) on 127.0.0.1 and a free port, with its own generated config
/// that scrapes itself every second, a throw-away TSDB folder, and whatever extra targets and rule files a test gives.
/// <see cref="StartAsync"/> returns once <c>/-/ready</c> answers and (by default) the first scrape is stored, which takes
/// a few seconds; disposing kills the process and deletes its folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/prometheus";

    private readonly ServerProcess _server;

    private PrometheusServer(ServerProcess server) => _server = server;

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>127.0.0.1:{port}, the way Prometheus labels its own target's <c>instance</c>.</summary>
    public string Instance => BaseAddress.Authority;

    /// <summary>The generated prometheus.yml.</summary>
    public string ConfigFile => Path.Combine(_server.Folder.FullName, "prometheus.yml");

    /// <summary>What the process has written so far (its log), for failure messages.</summary>
    public string Output => _server.Output;

    public static async Task<PrometheusServer> StartAsync(PrometheusServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PrometheusServerOptions();
        if (!File.Exists(options.Executable))
        {
            throw new InvalidOperationException(
                $"Prometheus is not installed at {options.Executable}. Run scripts/test.sh, which installs the Debian package " +
                "'prometheus' (or: sudo apt-get install prometheus).");
        }

        var folder = Directory.CreateTempSubdirectory("k8saiops-prometheus-");
        var port = Azurite.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "prometheus.yml"), Config(options, baseAddress.Authority), cancellationToken);

        var server = new PrometheusServer(ServerProcess.Start("Prometheus", options.Executable, folder, baseAddress,
        [
            $"--config.file={Path.Combine(folder.FullName, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
            $"--web.listen-address={baseAddress.Authority}",
            "--log.level=warn",
        ]));
        try
        {
            await server.WaitUntilReadyAsync(options, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static string Config(PrometheusServerOptions options, string self)
    {
        var interval = $"{(long)options.ScrapeInterval.TotalMilliseconds}ms";
        var yaml = new StringBuilder()
            .AppendLine("global:")
            .AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {interval}")
            .AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {interval}");
        if (options.RuleFiles.Count > 0)
        {
            yaml.AppendLine("rule_files:");
            foreach (var file in options.RuleFiles)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {Quote(file)}");
            }
        }

        if (options.Alertmanagers.Count > 0)
        {
            yaml.AppendLine("alerting:")
                .AppendLine("  alertmanagers:")
                .AppendLine("    - static_configs:")
                .AppendLine(CultureInfo.InvariantCulture, $"        - targets: [{string.Join(", ", options.Alertmanagers.Select(Quote))}]");
        }

        yaml.AppendLine("scrape_configs:")
            .AppendLine("  - job_name: prometheus")
            .AppendLine("    static_configs:")
            .AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{Quote(self)}]");
        foreach (var target in options.ScrapeTargets)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {Quote(target.JobName)}");
            if (target.MetricsPath is { } path)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    metrics_path: {Quote(path)}");
            }

            if (target.Params is { Count: > 0 } parameters)
            {
                yaml.AppendLine("    params:");
                foreach (var (name, value) in parameters)
                {
                    yaml.AppendLine(CultureInfo.InvariantCulture, $"      {Quote(name)}: [{Quote(value)}]");
                }
            }

            if (target.HonorLabels)
            {
                yaml.AppendLine("    honor_labels: true");
            }

            yaml.AppendLine("    static_configs:")
                .AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{string.Join(", ", target.Targets.Select(Quote))}]");
            if (target.Labels is { Count: > 0 } labels)
            {
                yaml.AppendLine("        labels:");
                foreach (var (name, value) in labels)
                {
                    yaml.AppendLine(CultureInfo.InvariantCulture, $"          {Quote(name)}: {Quote(value)}");
                }
            }
        }

        return yaml.ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Ready (<c>/-/ready</c>), and, unless told otherwise, with a first scrape in (<c>up</c> has a sample).</summary>
    private Task WaitUntilReadyAsync(PrometheusServerOptions options, CancellationToken cancellationToken)
    {
        var ready = false;
        return _server.WaitUntilAsync(async http =>
        {
            if (!ready)
            {
                using var response = await http.GetAsync("-/ready", cancellationToken);
                ready = response.IsSuccessStatusCode;
            }

            return ready && (!options.WaitForFirstScrape
                || (await http.GetStringAsync("api/v1/query?query=up", cancellationToken)).Contains("\"value\"", StringComparison.Ordinal));
        }, options.WaitForFirstScrape ? "ready and scraping" : "ready", options.StartTimeout, TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
