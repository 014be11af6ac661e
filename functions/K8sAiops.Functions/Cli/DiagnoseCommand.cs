using System.CommandLine;
using System.Text.Json;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Alerts;
using K8sAiops.Functions.Hosting;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// <c>k8saiops diagnose --snapshot PATH [--alert FILE] [--output json|markdown]</c>: runs the DiagnoseAlert
/// orchestration on the in-memory backend, against the sandbox serving the snapshot, and prints the diagnosis
/// (the JSON contract, or Markdown). Without <c>--alert</c> it diagnoses the worst problem in the snapshot.
/// Exits 0 when diagnosed, 1 when the orchestration fails, 2 on bad input (the message names the problem).
/// </summary>
public static class DiagnoseCommand
{
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var snapshot = new Option<string>("--snapshot") { Description = "The cluster snapshot (kubectl cluster-info dump directory or stream file)", Required = true };
        var alert = new Option<string>("--alert") { Description = "An Alertmanager webhook body (JSON, version 4); default: the worst problem in the snapshot" };
        var output = new Option<string>("--output", "-o") { Description = "json (the diagnosis contract) or markdown", DefaultValueFactory = _ => "json" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the diagnosis", DefaultValueFactory = _ => 120 };

        var command = new Command("diagnose", "Diagnose an alert (or the worst problem) in a cluster snapshot, offline.")
        {
            snapshot, alert, output, timeout,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(snapshot)!, parseResult.GetValue(alert), parseResult.GetValue(output)!, parseResult.GetValue(timeout),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string snapshotPath, string? alertPath, string format, int timeoutSeconds, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (format is not ("json" or "markdown"))
            return Fail(error, $"--output is '{format}'; use json or markdown.");

        ClusterSnapshot snapshot;
        try
        {
            snapshot = SnapshotReader.Read(snapshotPath);
        }
        catch (Exception e) when (e is SnapshotFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(error, e.Message);
        }

        AlertmanagerWebhook webhook;
        if (alertPath is null)
        {
            webhook = Synthesized(snapshot);
        }
        else
        {
            if (!File.Exists(alertPath))
                return Fail(error, $"the alert file {alertPath} does not exist.");
            var read = WebhookReader.Parse(await File.ReadAllBytesAsync(alertPath, cancellationToken));
            if (read.Webhook is null)
                return Fail(error, $"{alertPath}: {read.Problem}");
            webhook = read.Webhook;
        }

        await using var sandbox = await SandboxServer.StartAsync(snapshot, ct: cancellationToken);
        var work = Directory.CreateTempSubdirectory("k8saiops-diagnose-").FullName;
        try
        {
            var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(work, "kubeconfig"), "snapshot");
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["AzureWebJobsStorage"] = "InMemory",
                ["Collect:Kubernetes:Kubeconfig"] = kubeconfig,
                ["Http:Port"] = "0",
                ["Management:FunctionKeys"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
                // The diagnosis goes to stdout; the host's own messages (warnings and worse) to stderr.
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Serilog:WriteTo:0:Name"] = "Console",
                ["Serilog:WriteTo:0:Args:standardErrorFromLevel"] = "Verbose",
            };
            await using var host = Program.BuildWebHost(new HostSettings { ContentRoot = Directory.GetCurrentDirectory(), CommandLine = settings });
            await host.StartAsync(cancellationToken);

            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var instanceId = AlertGroupIds.For(webhook);
            var request = new DiagnoseAlertRequest(webhook.GroupKey, webhook.Alerts.Select(AlertEndpoints.ToAlertInfo).ToList(), DiagnoseOnly: true);
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(DiagnoseAlertOrchestration), request, new StartOrchestrationOptions(instanceId), cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
            await host.StopAsync(CancellationToken.None);

            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                await error.WriteLineAsync($"k8saiops diagnose: the diagnosis {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
                return 1;
            }
            var diagnosis = done.ReadOutputAs<Diagnosis>()!;
            var alert = request.Alerts.Find(a => a.Status == "firing") ?? request.Alerts[0];
            await output.WriteLineAsync(format == "json" ? JsonSerializer.Serialize(diagnosis, Indented) : DiagnosisMarkdown.Render(diagnosis, alert));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A one-alert webhook body for the snapshot's worst problem.</summary>
    private static AlertmanagerWebhook Synthesized(ClusterSnapshot snapshot)
    {
        var labels = WorstProblem.AlertLabels(snapshot, out var firing);
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))))[..16];
        return new AlertmanagerWebhook
        {
            Version = "4",
            GroupKey = $"{{}}:{{alertname=\"{labels["alertname"]}\"}}",
            Status = firing ? "firing" : "resolved",
            Receiver = "k8saiops-diagnose",
            Alerts =
            [
                new AlertmanagerAlert
                {
                    Status = firing ? "firing" : "resolved",
                    Labels = labels,
                    StartsAt = DateTimeOffset.UtcNow,
                    Fingerprint = fingerprint,
                },
            ],
        };
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"k8saiops diagnose: {message}");
        return BadInput;
    }
}
