using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace K8sAiops.Testing;

/// <summary>
/// One Azurite process for the whole test run, on free loopback ports with a throw-away data folder.
/// When K8SAIOPS_TEST_STORAGE holds a connection string, that storage is used instead.
/// Tests isolate themselves by task hub name (<see cref="NewTaskHubName"/>), not by Azurite instance.
/// </summary>
public static class Azurite
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;
    private static Process? _process;
    private static int _hubCounter;

    public static async Task<string> GetConnectionStringAsync()
    {
        if (_connectionString is not null)
        {
            return _connectionString;
        }

        await Gate.WaitAsync();
        try
        {
            _connectionString ??= Environment.GetEnvironmentVariable("K8SAIOPS_TEST_STORAGE") is { Length: > 0 } external
                ? external
                : await StartAsync();
            return _connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A task hub name no other test uses: letters and digits, starting with a letter.</summary>
    public static string NewTaskHubName(string prefix = "t")
        => $"{prefix}{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _hubCounter)}x{Random.Shared.Next(1000, 9999)}";

    private static async Task<string> StartAsync()
    {
        var azurite = Path.Combine(RepoPaths.Root, "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {azurite}. Run `npm ci` in azurite/ (the test command does this).");
        }

        var data = Directory.CreateTempSubdirectory("k8saiops-azurite-");
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var psi = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.FullName,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await CanConnectAsync(port))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{port}.");
                }

                await Task.Delay(100);
            }
        }

        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
               $"AccountKey={AccountKey};" +
               $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" +
               $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
               $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    private static void Stop()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
