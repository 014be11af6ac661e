using K8sAiops.Activities.Logs;
using K8sAiops.Activities.Metrics;
using K8sAiops.Activities.Redaction;
using K8sAiops.Activities.Resilience;
using K8sAiops.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace K8sAiops.Activities.Tests.Resilience;

/// <summary><see cref="RemoteCallsServiceCollectionExtensions.AddRemoteCalls"/>: settings, start-up validation, typed clients.</summary>
public sealed class RemoteCallsRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddRemoteCalls(configuration).BuildServiceProvider();
    }

    private static void ValidateAtStart(IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void AddRemoteCalls_NothingConfigured_StartsWithDefaultsAndPrometheusAndLokiOff()
    {
        using var services = Build([]);

        ValidateAtStart(services);

        Assert.False(services.GetRequiredService<IOptions<PrometheusOptions>>().Value.Enabled);
        Assert.False(services.GetRequiredService<IOptions<LokiOptions>>().Value.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(10), services.GetRequiredService<IOptionsMonitor<RemoteCallOptions>>().Get(RemoteCallNames.Kubernetes).AttemptTimeout);
        Assert.Same(Redactor.Default, services.GetRequiredService<Redactor>());
    }

    [Fact]
    public void AddRemoteCalls_BadResilienceSetting_FailsAtStartNamingTheKey()
    {
        using var services = Build(new() { ["Collect:Loki:Resilience:AttemptTimeout"] = "00:20:00" });

        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(services));

        Assert.Contains("Collect:Loki:Resilience:AttemptTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRemoteCalls_TotalTimeoutShorterThanAttemptTimeout_FailsAtStartNamingTheKey()
    {
        using var services = Build(new()
        {
            ["Collect:Kubernetes:Resilience:AttemptTimeout"] = "00:00:20",
            ["Collect:Kubernetes:Resilience:TotalTimeout"] = "00:00:05",
        });

        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(services));

        Assert.Contains("Collect:Kubernetes:Resilience:TotalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Collect:Prometheus:Url", "prometheus:9090")]
    [InlineData("Collect:Loki:Url", "ftp://loki.example.com/")]
    public void AddRemoteCalls_UrlThatIsNotHttp_FailsAtStartNamingTheKey(string key, string url)
    {
        using var services = Build(new() { [key] = url });

        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(services));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRemoteCalls_Pipelines_AreSharedPerRemoteAndSeparateBetweenRemotes()
    {
        using var services = Build([]);

        var prometheus = services.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(RemoteCallNames.Prometheus);

        Assert.Same(prometheus, services.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(RemoteCallNames.Prometheus));
        Assert.NotSame(prometheus, services.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(RemoteCallNames.Loki));
        Assert.NotSame(
            services.GetRequiredKeyedService<ResilienceHandler>(RemoteCallNames.Kubernetes),
            services.GetRequiredKeyedService<ResilienceHandler>(RemoteCallNames.Kubernetes));
    }

    [Fact]
    public async Task AddRemoteCalls_PrometheusUrl_TypedClientQueriesThroughTheResilienceHandler()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Number == 1
            ? LoopbackResponse.Text("warming up", 503)
            : LoopbackResponse.Json("""{"status":"success","data":{"resultType":"scalar","result":[1714557600,"1"]}}"""));
        using var services = Build(new()
        {
            ["Collect:Prometheus:Url"] = new Uri(server.BaseAddress, "prometheus").ToString(),
            ["Collect:Prometheus:Resilience:RetryBaseDelay"] = "00:00:00.010",
        });
        ValidateAtStart(services);

        var result = await services.GetRequiredService<PrometheusClient>().QueryAsync("1");

        Assert.Equal(1, result.Scalar!.Value.Value);
        Assert.Equal(["/prometheus/api/v1/query", "/prometheus/api/v1/query"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task AddRemoteCalls_LokiTenant_IsSentAsXScopeOrgId()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json(
            """{"status":"success","data":{"resultType":"streams","result":[]}}"""));
        using var services = Build(new()
        {
            ["Collect:Loki:Url"] = server.BaseAddress.ToString(),
            ["Collect:Loki:TenantId"] = "team-shop",
        });
        ValidateAtStart(services);
        var now = DateTimeOffset.UtcNow;

        await services.GetRequiredService<LokiClient>().QueryRangeAsync("{namespace=\"shop\"}", now.AddMinutes(-5), now);

        Assert.Equal("team-shop", Assert.Single(server.Requests).Headers["X-Scope-OrgID"]);
    }
}
