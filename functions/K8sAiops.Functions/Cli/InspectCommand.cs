using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Hosting;
using K8sAiops.Functions.Inspections;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// <c>k8saiops inspect (--snapshot PATH | --context NAME) [--output json|markdown|html] [--fail-below SCORE] [--prometheus URL]</c>: runs the
/// InspectCluster orchestration in memory — against the sandbox serving a snapshot, or a kubeconfig context — and prints
/// the report to stdout; logs and progress go to stderr. Exits 0 when inspected, 1 when the inspection fails, 2 on bad input,
/// 3 when the score is below <c>--fail-below</c> (a CI gate). No chat card is sent.
/// </summary>
public static class InspectCommand
{
    public const int BadInput = 2;
    public const int BelowThreshold = 3;

    public static Command Create()
    {
        var snapshot = new Option<string>("--snapshot") { Description = "A cluster snapshot (kubectl cluster-info dump directory or stream file)" };
        var context = new Option<string>("--context") { Description = "A kubeconfig context to inspect (KUBECONFIG or ~/.kube/config)" };
        var output = new Option<string>("--output", "-o") { Description = "json (the report contract), markdown or html", DefaultValueFactory = _ => "json" };
        var failBelow = new Option<int?>("--fail-below") { Description = "Exit 3 when the score is below this (0-100)" };
        var prometheus = new Option<string>("--prometheus") { Description = "Prometheus' URL, for the metrics checks and the forecasts (default: Collect:Prometheus:Url, else none)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the inspection", DefaultValueFactory = _ => 600 };
        var command = new Command("inspect", "Inspect a cluster (or a snapshot) once and print the report.") { snapshot, context, output, failBelow, prometheus, timeout };
        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(snapshot), parse.GetValue(context), parse.GetValue(output)!, parse.GetValue(failBelow), parse.GetValue(prometheus), parse.GetValue(timeout),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(
        string? snapshotPath, string? context, string format, int? failBelow, string? prometheus, int timeoutSeconds, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if ((snapshotPath is null) == (context is null))
            return Fail(error, "give exactly one of --snapshot PATH and --context NAME.");
        if (format is not ("json" or "markdown" or "html"))
            return Fail(error, $"--output is '{format}'; use json, markdown or html.");
        if (failBelow is < 0 or > 100)
            return Fail(error, $"--fail-below is {failBelow}; use a score from 0 to 100.");
        if (prometheus is not null && !(Uri.TryCreate(prometheus, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            return Fail(error, $"--prometheus is '{prometheus}'; use an absolute http or https URL such as http://127.0.0.1:9090/.");
        if (timeoutSeconds < 1)
            return Fail(error, $"--timeout is {timeoutSeconds}; use at least 1 second.");

        SandboxServer? sandbox = null;
        var work = Directory.CreateTempSubdirectory("k8saiops-inspect-").FullName;
        try
        {
            string? kubeconfig = null;
            if (snapshotPath is not null)
            {
                ClusterSnapshot snapshot;
                try
                {
                    snapshot = SnapshotReader.Read(snapshotPath);
                }
                catch (Exception e) when (e is SnapshotFormatException or FileNotFoundException or DirectoryNotFoundException)
                {
                    return Fail(error, e.Message);
                }
                sandbox = await SandboxServer.StartAsync(snapshot, ct: cancellation);
                kubeconfig = sandbox.WriteKubeconfig(Path.Combine(work, "kubeconfig"), "snapshot");
            }

            await using var host = BuildInMemoryHost(kubeconfig, context, prometheus);
            await host.StartAsync(cancellation);
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(InspectClusterOrchestration),
                new InspectClusterRequest(context, "cli", Notify: false), new StartOrchestrationOptions(null), cancellation);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            wait.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            var done = await WaitWithProgressAsync(client, id, error, wait.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                await host.StopAsync(CancellationToken.None);
                await error.WriteLineAsync($"k8saiops inspect: the inspection {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
                return 1;
            }
            var summary = done.ReadOutputAs<InspectionSummary>()!;
            var store = host.Services.GetRequiredService<IReportStore>();
            var name = format switch { "markdown" => CompleteInspection.MarkdownName, "html" => CompleteInspection.HtmlName, _ => CompleteInspection.JsonName };
            await output.WriteLineAsync(await store.ReadAsync(id, name, CancellationToken.None));
            await host.StopAsync(CancellationToken.None);
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"k8saiops inspect: score {summary.Score} ({summary.Grade}), {summary.Open} finding(s)"));
            if (failBelow is { } threshold && summary.Score < threshold)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"k8saiops inspect: score {summary.Score} is below --fail-below {threshold}"));
                return BelowThreshold;
            }
            return 0;
        }
        catch (InvalidOperationException e) when (context is not null && e.Message.Contains("kubeconfig", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(error, e.Message);
        }
        finally
        {
            if (sandbox is not null)
                await sandbox.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The host the command inspects with: the whole product on the in-memory durable runtime, the timer off, a random
    /// function key, warnings and worse to stderr. The cluster is the current context of <paramref name="kubeconfig"/>, or
    /// <paramref name="context"/> of the default kubeconfig (the benchmark builds the same host); Prometheus is
    /// <paramref name="prometheus"/> when given.
    /// </summary>
    public static WebApplication BuildInMemoryHost(string? kubeconfig, string? context, string? prometheus = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = "InMemory",
            ["Http:Port"] = "0",
            ["Inspection:Enabled"] = "false",
            ["Management:FunctionKeys"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:standardErrorFromLevel"] = "Verbose",
        };
        if (kubeconfig is not null)
            settings["Collect:Kubernetes:Kubeconfig"] = kubeconfig;
        if (context is not null)
            settings["Collect:Kubernetes:Context"] = context;
        if (prometheus is not null)
            settings["Collect:Prometheus:Url"] = prometheus;
        return Program.BuildWebHost(new HostSettings { ContentRoot = Directory.GetCurrentDirectory(), CommandLine = settings });
    }

    /// <summary>Waits for the instance, writing its custom status to stderr whenever it changes (the fan-out's progress).</summary>
    public static async Task<OrchestrationMetadata> WaitWithProgressAsync(DurableTaskClient client, string id, TextWriter error, CancellationToken cancellation)
    {
        string? last = null;
        while (true)
        {
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellation);
            if (state is not null && state.SerializedCustomStatus != last && state.SerializedCustomStatus is { } status)
            {
                last = status;
                var progress = JsonSerializer.Deserialize<InspectionProgress>(status, new JsonSerializerOptions(JsonSerializerDefaults.Web));
                if (progress is not null)
                    await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"k8saiops inspect: {progress.Step} {progress.Done}/{progress.Total}, {progress.Findings} finding(s)"));
            }
            if (state is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
                return state;
            await Task.Delay(250, cancellation);
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"k8saiops inspect: {message}");
        return BadInput;
    }
}
