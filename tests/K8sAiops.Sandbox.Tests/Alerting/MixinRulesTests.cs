using System.Diagnostics;
using K8sAiops.Testing;

namespace K8sAiops.Sandbox.Tests.Alerting;

public sealed class MixinRulesTests
{
    [Fact]
    public void Shorten_MixinRules_EveryForAndLongRangeShortened()
    {
        var shortened = MixinRules.Shorten(File.ReadAllText(MixinRules.SourceFile), TimeSpan.Zero, TimeSpan.FromSeconds(30));

        Assert.DoesNotContain("for: 15m", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("for: 1h", shortened, StringComparison.Ordinal);
        Assert.Contains("for: 0ms", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("[5m]", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("[10m]", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("[6h]", shortened, StringComparison.Ordinal);
        Assert.Contains("[30000ms]", shortened, StringComparison.Ordinal);
        Assert.Contains("4 * 24 * 3600", shortened, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PromtoolCheckRules_ProductionAndShortened_Pass(bool shortened)
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), "promtool is missing: install the Debian package 'prometheus' (scripts/test.sh does).");
        var folder = Directory.CreateTempSubdirectory("k8saiops-rules-check-");
        try
        {
            var file = shortened ? MixinRules.WriteShortened(folder.FullName) : MixinRules.SourceFile;
            var psi = new ProcessStartInfo(promtool, ["check", "rules", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, $"promtool check rules {file}: {await stdout}{await stderr}");
            Assert.Contains("SUCCESS: 16 rules found", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
