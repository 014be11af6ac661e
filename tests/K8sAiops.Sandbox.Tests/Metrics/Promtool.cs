using System.Diagnostics;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>Debian's <c>promtool check metrics</c> over an exposition text: its exit code and what it printed.</summary>
internal static class Promtool
{
    public const string Executable = "/usr/bin/promtool";

    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string text)
    {
        Assert.True(File.Exists(Executable), "promtool is missing: install the Debian package 'prometheus' (scripts/test.sh does).");
        var psi = new ProcessStartInfo(Executable, ["check", "metrics"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
