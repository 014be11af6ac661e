using System.Diagnostics;

namespace K8sAiops.Testing;

/// <summary>
/// A K8sAiops.TestHost worker process on a task hub, killed with SIGKILL or stopped by closing its input. The
/// project using it references K8sAiops.TestHost, so the host's assembly sits beside its own.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private HostProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<HostProcess> StartAsync(
        string connectionString, string taskHub, string workerId, string? crashAt = null, string? journal = null, double? visibilitySeconds = 5,
        double? leaseSeconds = 15, double? renewSeconds = 2, string? sink = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "K8sAiops.TestHost.dll"));
        psi.Environment["TESTHOST_STORAGE"] = connectionString;
        psi.Environment["TESTHOST_HUB"] = taskHub;
        psi.Environment["TESTHOST_WORKER"] = workerId;
        // A null timing leaves the variable unset, so the host runs with the product's default.
        SetSeconds(psi, "TESTHOST_VISIBILITY", visibilitySeconds);
        SetSeconds(psi, "TESTHOST_LEASE", leaseSeconds);
        SetSeconds(psi, "TESTHOST_RENEW", renewSeconds);
        if (sink is not null)
        {
            psi.Environment["TESTHOST_SINK"] = sink;
        }

        if (crashAt is not null)
        {
            psi.Environment["TESTHOST_CRASH_AT"] = crashAt;
        }

        if (journal is not null)
        {
            psi.Environment["TESTHOST_JOURNAL"] = journal;
        }

        var host = new HostProcess(Process.Start(psi)!);
        host._process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAny(host._ready.Task, host._process.WaitForExitAsync(cts.Token));
        if (!host._ready.Task.IsCompleted)
        {
            throw new InvalidOperationException($"Test host {workerId} did not start:\n{host.Output}");
        }

        return host;
    }

    /// <summary>SIGKILL: the process gets no chance to release leases, messages or anything else.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(20)))
            {
                await KillAsync();
            }
        }

        _process.Dispose();
    }

    private static void SetSeconds(ProcessStartInfo psi, string name, double? seconds)
    {
        if (seconds is { } value)
        {
            psi.Environment[name] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
    }
}
