using System.Globalization;
using K8sAiops.Activities.Collect.Evidence;
using K8sAiops.Activities.Remediate;
using K8sAiops.Functions.Cli;
using K8sAiops.Functions.Hosting;
using K8sAiops.Testing;
using static K8sAiops.Functions.Tests.Cli.CommandLineRun;

namespace K8sAiops.Functions.Tests.Cli;

/// <summary><c>k8saiops breakers list|reset</c> against a host listening on loopback.</summary>
public sealed class BreakersCommandTests
{
    private const string Key = "breakers-key-0123456789abcdef";

    [Fact]
    public async Task Breakers_ListThenReset_ShowsTheOpenBreakerAndClosesIt()
    {
        var port = Azurite.FreePort();
        var work = Directory.CreateTempSubdirectory("k8saiops-breakers-");
        await using var host = Program.BuildWebHost(new HostSettings
        {
            ContentRoot = work.FullName,
            EnvironmentName = "Testing",
            CommandLine = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = "InMemory",
                ["Http:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Management:FunctionKeys"] = Key,
                ["Serilog:MinimumLevel:Default"] = "Warning",
            },
        });
        await host.StartAsync();
        try
        {
            var url = $"http://127.0.0.1:{port}";
            var (emptyCode, empty, _) = await RunAsync("breakers", "list", "--url", url, "--key", Key);
            Assert.Equal(0, emptyCode);
            Assert.Contains("No breakers", empty, StringComparison.Ordinal);

            var breaker = host.Services.GetRequiredService<RemediationBreaker>();
            var cart = new ResourceRef("Deployment", "shop", "cart");
            for (var i = 1; i <= 3; i++)
                await breaker.RecordAsync($"alert-{i}", cart, passed: false, $"alert-{i}:verify");
            await breaker.RecordAsync("alert-9", new ResourceRef("Node", "", "node-2"), passed: true, "alert-9:verify");

            var (listCode, list, listError) = await RunAsync("breakers", "list", "--url", url, "--key", Key);
            Assert.True(listCode == 0, listError);
            var line = Assert.Single(list.Split('\n'), l => l.StartsWith("Deployment/shop/cart", StringComparison.Ordinal));
            Assert.Matches(@"Deployment/shop/cart\s+open\s+3\s+opened .* by alert-3", line);
            Assert.Contains(list.Split('\n'), l => l.StartsWith("Node//node-2", StringComparison.Ordinal) && l.Contains("closed", StringComparison.Ordinal));

            var (resetCode, reset, resetError) = await RunAsync("breakers", "reset", "Deployment/shop/cart", "--by", "Ana Ruiz", "--url", url, "--key", Key);
            Assert.True(resetCode == 0, resetError);
            Assert.Contains("Deployment/shop/cart: breaker closed, reset by Ana Ruiz", reset, StringComparison.Ordinal);
            Assert.False((await breaker.GetAsync(cart)).Open);

            var (badTarget, _, badTargetError) = await RunAsync("breakers", "reset", "shop-cart", "--by", "Ana", "--url", url, "--key", Key);
            Assert.Equal(BreakersCommand.BadInput, badTarget);
            Assert.Contains("'shop-cart' is not a target", badTargetError, StringComparison.Ordinal);
            var (noBy, _, _) = await RunAsync("breakers", "reset", "Deployment/shop/cart", "--url", url, "--key", Key);
            Assert.NotEqual(0, noBy);
            var (wrongKey, _, wrongKeyError) = await RunAsync("breakers", "list", "--url", url, "--key", "not-the-key-0123456789");
            Assert.Equal(1, wrongKey);
            Assert.Contains("the host answered 401", wrongKeyError, StringComparison.Ordinal);
            var (unreachable, _, unreachableError) = await RunAsync("breakers", "list", "--url", $"http://127.0.0.1:{Azurite.FreePort()}", "--key", Key);
            Assert.Equal(1, unreachable);
            Assert.Contains("cannot reach the host", unreachableError, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
            work.Delete(recursive: true);
        }
    }
}
