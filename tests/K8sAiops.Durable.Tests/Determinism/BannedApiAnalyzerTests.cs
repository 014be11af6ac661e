using System.Diagnostics;
using K8sAiops.Testing;

namespace K8sAiops.Durable.Tests.Determinism;

/// <summary>
/// The repository's build settings ban the wall clock, Task.Delay/Run, GUIDs and I/O in files named
/// *Orchestrator.cs. This builds a throw-away project with those settings to prove it.
/// </summary>
public sealed class BannedApiAnalyzerTests
{
    [Fact]
    public async Task OrchestratorFile_UsesWallClockAndTaskDelay_BuildFailsWithRS0030()
    {
        var dir = Directory.CreateTempSubdirectory("k8saiops-analyzer-");
        try
        {
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "BannedSymbols.txt", "global.json" })
            {
                File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(dir.FullName, file));
            }

            File.WriteAllText(Path.Combine(dir.FullName, "Probe.csproj"), """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Library</OutputType></PropertyGroup></Project>""");
            File.WriteAllText(Path.Combine(dir.FullName, "SleepyOrchestrator.cs"), """
                namespace Probe;
                public static class SleepyOrchestrator
                {
                    public static async Task<DateTime> RunAsync() { await Task.Delay(10); return DateTime.UtcNow; }
                }
                """);
            File.WriteAllText(Path.Combine(dir.FullName, "Helper.cs"), """
                namespace Probe;
                public static class Helper { public static DateTime Now() => DateTime.UtcNow; }
                """);

            var (exitCode, output) = await RunAsync("dotnet", $"build \"{dir.FullName}\" -nologo -v:q", dir.FullName);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("error RS0030: The symbol 'Task.Delay(int)' is banned", output);
            Assert.Contains("error RS0030: The symbol 'DateTime.UtcNow' is banned", output);
            Assert.All(output.Split('\n').Where(l => l.Contains("RS0030")), l => Assert.Contains("SleepyOrchestrator.cs", l));
            Assert.DoesNotContain("Helper.cs", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
