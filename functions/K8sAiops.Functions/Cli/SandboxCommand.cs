using System.CommandLine;
using System.Runtime.InteropServices;
using K8sAiops.Sandbox.Server;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// <c>k8saiops sandbox --snapshot PATH [--port N] [--kubeconfig PATH]</c>: serves a cluster snapshot (a
/// <c>kubectl cluster-info dump</c>) as a Kubernetes API on 127.0.0.1 until Ctrl+C, and writes a kubeconfig for it.
/// The kubeconfig goes to <c>.artifacts/sandbox/kubeconfig</c> under the current directory unless <c>--kubeconfig</c>
/// says otherwise. A snapshot that cannot be read prints why and exits 2.
/// </summary>
public static class SandboxCommand
{
    /// <summary>The exit code for a snapshot that cannot be read.</summary>
    public const int BadSnapshot = 2;

    /// <summary>Where the kubeconfig goes by default, relative to the current directory.</summary>
    public static readonly string DefaultKubeconfig = Path.Combine(".artifacts", "sandbox", "kubeconfig");

    public static Command Create()
    {
        var snapshot = new Option<string>("--snapshot")
        {
            Description = "The cluster snapshot: a directory from 'kubectl cluster-info dump --all-namespaces --output-directory=DIR', or a file holding what 'kubectl cluster-info dump' prints",
            Required = true,
        };
        var port = new Option<int>("--port", "-p")
        {
            Description = "Port on 127.0.0.1 [default: 0, a free port]",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var kubeconfig = new Option<string>("--kubeconfig")
        {
            Description = $"Where to write the kubeconfig for the sandbox [default: {DefaultKubeconfig}]",
        };

        var command = new Command("sandbox", "Serve a cluster snapshot as a Kubernetes API for kubectl and the product, until Ctrl+C.")
        {
            snapshot, port, kubeconfig,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(snapshot)!,
            parseResult.GetValue(port),
            parseResult.GetValue(kubeconfig) ?? DefaultKubeconfig,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string snapshotPath, int port, string kubeconfigPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ClusterSnapshot snapshot;
        SandboxServer server;
        try
        {
            snapshot = SnapshotReader.Read(snapshotPath);
            server = await SandboxServer.StartAsync(snapshot, new SandboxServerOptions { Port = port }, cancellationToken);
        }
        catch (Exception e) when (e is SnapshotFormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            await error.WriteLineAsync($"k8saiops sandbox: {e.Message}");
            return BadSnapshot;
        }

        await using (server)
        {
            var kubeconfig = server.WriteKubeconfig(kubeconfigPath);
            var url = server.BaseAddress.GetLeftPart(UriPartial.Authority);
            await output.WriteLineAsync($"Sandbox cluster from {snapshot.Source}: {snapshot.Objects.Count} objects, {snapshot.Logs.Count} container logs.");
            await output.WriteLineAsync($"API server: {url}");
            await output.WriteLineAsync($"Kubeconfig: {kubeconfig}");
            await output.WriteLineAsync($"Try:        kubectl --kubeconfig {kubeconfig} get pods -A");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            await output.FlushAsync(cancellationToken);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(stop));
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(stop));
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static Action<PosixSignalContext> Stop(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };
}
