using K8sAiops.Activities.Metrics;
using K8sAiops.Testing;

namespace K8sAiops.Activities.Tests.Metrics;

/// <summary>The test helper itself: extra scrape targets and rule files reach Prometheus; a missing binary says what to do.</summary>
public sealed class PrometheusServerTests
{
    [Fact]
    public async Task StartAsync_ExecutableMissing_FailsSayingToRunTheTestScript()
    {
        var options = new PrometheusServerOptions { Executable = "/nonexistent/prometheus" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PrometheusServer.StartAsync(options));

        Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/prometheus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ExtraTargetAndRuleFile_ScrapesTheTargetAndEvaluatesTheRule()
    {
        var folder = Directory.CreateTempSubdirectory("k8saiops-rules-");
        try
        {
            await ScrapesAndEvaluatesAsync(Path.Combine(folder.FullName, "rules.yml"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task ScrapesAndEvaluatesAsync(string rules)
    {
        await File.WriteAllTextAsync(rules, """
            groups:
              - name: test
                rules:
                  - record: k8saiops:up:count
                    expr: count(up)
                  - alert: AlwaysFiring
                    expr: vector(1)
                    labels:
                      severity: none
            """);
        var port = Azurite.FreePort();
        await using var server = await PrometheusServer.StartAsync(new PrometheusServerOptions
        {
            // A target where nothing listens: Prometheus records up 0 for it, which shows the extra job is scraped.
            ScrapeTargets = [new PrometheusScrapeTarget("extra", [$"127.0.0.1:{port}"])],
            RuleFiles = [rules],
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var client = new PrometheusClient(http);

        // The first self-scrape is in when StartAsync returns; the extra job and the rules follow within a few intervals.
        var extra = await WaitForAsync(() => client.QueryAsync("up{job=\"extra\"}"), r => r.Series.Count == 1);
        var recorded = await WaitForAsync(() => client.QueryAsync("k8saiops:up:count"), r => r.Series.Count == 1 && r.Series[0].Samples[0].Value == 2);
        var alerts = await WaitForAsync(() => client.QueryAsync("ALERTS{alertname=\"AlwaysFiring\"}"), r => r.Series.Count == 1);

        Assert.Equal(0, Assert.Single(extra.Series).Samples[0].Value);
        Assert.Equal(2, Assert.Single(recorded.Series).Samples[0].Value);
        Assert.Equal("none", Assert.Single(alerts.Series).Labels["severity"]);
        Assert.Contains("rule_files", await File.ReadAllTextAsync(server.ConfigFile), StringComparison.Ordinal);
    }

    /// <summary>Repeats a query until its result satisfies <paramref name="done"/>, for up to 15 s; returns the last result.</summary>
    private static async Task<PrometheusResult> WaitForAsync(Func<Task<PrometheusResult>> query, Func<PrometheusResult, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await query();
            if (done(result) || attempt == 75)
            {
                return result;
            }

            await Task.Delay(200);
        }
    }
}
