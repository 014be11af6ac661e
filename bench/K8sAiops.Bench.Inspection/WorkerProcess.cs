using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// The parent's side: runs one measured side in a process of its own (this executable with <c>--worker SIDE</c>), so
/// that its peak RSS is its own and not the sandbox's. Forwards the child's stderr, clears the sandbox's journal when
/// the child says it is ready, and returns its report with the requests of its measured run and the CPU time this
/// process (the sandbox serving them) spent meanwhile.
/// </summary>
internal static class WorkerProcess
{
    public static async Task<WorkerRun> RunAsync(
        string side, IEnumerable<string> arguments, RequestJournal journal, bool hostPgo = true)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        foreach (var argument in (string[])["--worker", side, .. arguments])
            start.ArgumentList.Add(argument);
        if (side == "inspect" && hostPgo && HostTieredPgo() is { } pgo)
            start.Environment["DOTNET_TieredPGO"] = pgo ? "1" : "0";

        using var child = Process.Start(start)!;
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine($"  [{side}] {e.Data}");
        };
        child.BeginErrorReadLine();

        if (await child.StandardOutput.ReadLineAsync() != Handshake.Ready)
            throw await FailedAsync(child, side);
        journal.Clear();
        var cpu = CpuTime.OfThisProcess();
        await child.StandardInput.WriteLineAsync();
        await child.StandardInput.FlushAsync();
        var line = await child.StandardOutput.ReadLineAsync();
        var sandboxCpu = CpuTime.OfThisProcess() - cpu;
        var requests = journal.Snapshot();
        await child.WaitForExitAsync();
        if (line is null || child.ExitCode != 0)
            throw await FailedAsync(child, side);
        return new WorkerRun(JsonSerializer.Deserialize<WorkerReport>(line, WorkerReport.Json)!, requests, sandboxCpu.TotalMilliseconds);
    }

    /// <summary>
    /// The host's own dynamic PGO setting (<c>System.Runtime.TieredPGO</c> in K8sAiops.Functions.runtimeconfig.json, copied
    /// beside this executable), for the inspection's process only: the sandbox and the raw listing keep the runtime's default.
    /// </summary>
    private static bool? HostTieredPgo()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "K8sAiops.Functions.runtimeconfig.json");
        if (!File.Exists(path))
            return null;
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.TryGetProperty("runtimeOptions", out var options) && options.TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo) && pgo.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? pgo.GetBoolean()
            : null;
    }

    private static async Task<Exception> FailedAsync(Process child, string side)
    {
        await child.WaitForExitAsync();
        return new InvalidOperationException($"The {side} process stopped with exit code {child.ExitCode} before reporting (its stderr is above).");
    }
}

/// <summary>One measured process's report, the requests of its measured run, and the sandbox's CPU time meanwhile.</summary>
internal sealed record WorkerRun(WorkerReport Report, IReadOnlyList<SandboxRequest> Requests, double SandboxCpuMs);
