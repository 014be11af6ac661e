using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static K8sAiops.Activities.Tests.Llm.LlmFixture;

namespace K8sAiops.Activities.Tests.Llm;

/// <summary>Each provider reaches the right URL with the right credentials; settings fail at start naming the key.</summary>
public sealed class LlmProvidersTests
{
    private static readonly string AgreeingAnswer = Answer(Categories.OomKilled, Deployment, "heap outgrows the limit", 0.9, ["ev-1"]);

    [Fact]
    public async Task RefineAsync_AzureOpenAI_PostsToDeploymentWithApiKeyHeader()
    {
        await using var server = LoopbackHttpServer.Start(_ => Completion(AgreeingAnswer));
        var (services, analyzer) = Analyzer(new()
        {
            ["Provider"] = "AzureOpenAI",
            ["Endpoint"] = server.BaseAddress.ToString(),
            ["ApiKey"] = "azure-test-key",
            ["Model"] = "gpt-4o-diag",
        });
        await using var _ = services;

        var result = await analyzer.RefineAsync(Alert, [Bundle()], Rules(), [], CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/openai/deployments/gpt-4o-diag/chat/completions", request.Path);
        Assert.StartsWith("api-version=", request.Query, StringComparison.Ordinal);
        Assert.Equal("azure-test-key", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("rules+llm", result.AnalyzedBy);
    }

    [Fact]
    public async Task RefineAsync_OpenAICompatible_PostsToChatCompletionsWithBearerToken()
    {
        await using var server = LoopbackHttpServer.Start(_ => Completion(AgreeingAnswer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;

        var result = await analyzer.RefineAsync(Alert, [Bundle()], Rules(), [], CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("api-key"));
        Assert.Equal("rules+llm", result.AnalyzedBy);
    }

    [Fact]
    public async Task RefineAsync_ProviderNone_ReturnsRulesWithoutAnyCall()
    {
        await using var server = LoopbackHttpServer.Start(_ => Completion(AgreeingAnswer));
        var (services, analyzer) = Analyzer(new() { ["Endpoint"] = server.BaseAddress.ToString(), ["Model"] = "m" });
        await using var _ = services;
        var rules = Rules();

        var result = await analyzer.RefineAsync(Alert, [Bundle()], rules, [], CancellationToken.None);

        Assert.Same(rules, result);
        Assert.Equal(0, server.RequestCount);
        Assert.Equal(LlmProvider.None, services.GetRequiredService<IOptions<LlmOptions>>().Value.Provider);
    }

    [Fact]
    public void AddLlmAnalysis_Defaults_AreDocumentedValues()
    {
        var (services, _) = Analyzer([]);
        using var __ = services;

        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal((LlmProvider.None, 8000, TimeSpan.FromSeconds(30), 0.0), (options.Provider, options.TokenBudget, options.Timeout, options.Temperature));
    }

    [Theory]
    [InlineData("OpenAICompatible", null, "qwen-plus", "Analyze:Llm:Endpoint")]
    [InlineData("OpenAICompatible", "http://127.0.0.1:1/v1", null, "Analyze:Llm:Model")]
    [InlineData("AzureOpenAI", null, "gpt-4o", "Analyze:Llm:Endpoint")]
    public void AddLlmAnalysis_ProviderWithoutEndpointOrModel_FailsAtStartNamingTheKey(string provider, string? endpoint, string? model, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Analyzer(new()
        {
            ["Provider"] = provider,
            ["Endpoint"] = endpoint,
            ["Model"] = model,
            ["ApiKey"] = "k",
        }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLlmAnalysis_TokenBudgetOutOfRange_FailsAtStartNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Analyzer(new() { ["TokenBudget"] = "10" }));

        Assert.Contains("Analyze:Llm:TokenBudget", error.Message, StringComparison.Ordinal);
    }
}
