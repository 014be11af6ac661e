using System.Diagnostics;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Sandbox.Tests.Kubectl;

/// <summary>Runs a kubectl binary against a sandbox with a kubeconfig from <see cref="SandboxServer.WriteKubeconfig"/> and its own cache folder.</summary>
internal sealed class KubectlRunner : IDisposable
{
    private readonly string binary;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "k8saiops-kubectl", Guid.NewGuid().ToString("N"));
    private readonly string kubeconfig;

    public KubectlRunner(string binary, SandboxServer server)
    {
        Assert.False(binary == KubectlBinaries.NoneFound,
            $"No kubectl found: neither on PATH nor at {KubectlBinaries.Debian} (scripts/test.sh extracts Debian's kubernetes-client there).");
        this.binary = binary;
        kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
    }

    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(folder, "cache"), "--request-timeout", "30s" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = folder;
        start.Environment["KUBECONFIG"] = kubeconfig;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 90 s.");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What a kubectl run printed and how it exited.</summary>
internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
