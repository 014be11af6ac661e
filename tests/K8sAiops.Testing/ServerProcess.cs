using System.Diagnostics;
using System.Text;

namespace K8sAiops.Testing;

/// <summary>
/// A server the tests run as a child process (Prometheus, Alertmanager): started in its own temp folder with its
/// output captured, polled until it answers, and killed (with its folder deleted) on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(string name, Process process, DirectoryInfo folder, Uri baseAddress)
    {
        Name = name;
        _process = process;
        Folder = folder;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public DirectoryInfo Folder { get; }

    public Uri BaseAddress { get; }

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

    public static ServerProcess Start(string name, string executable, DirectoryInfo folder, Uri baseAddress, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.FullName,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start.");
        var server = new ServerProcess(name, process, folder, baseAddress);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._output)
                {
                    server._output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Calls <paramref name="probe"/> every <paramref name="interval"/> until it returns true; connection failures and
    /// probe timeouts count as "not yet". Fails when the process exits or after <paramref name="timeout"/>, saying it
    /// was not <paramref name="what"/> and quoting the process's output.
    /// </summary>
    public async Task WaitUntilAsync(Func<HttpClient, Task<bool>> probe, string what, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting:\n{Output}");
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} at {BaseAddress} was not {what} after {timeout.TotalSeconds:0} s:\n{Output}");
            }

            try
            {
                if (await probe(http))
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

            await Task.Delay(interval, cancellationToken);
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
            Folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}
