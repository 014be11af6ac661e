using System.Diagnostics;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Analyze.Llm;
using K8sAiops.Testing;
using static K8sAiops.Activities.Tests.Llm.LlmFixture;

namespace K8sAiops.Activities.Tests.Llm;

/// <summary><see cref="LlmAnalyzer.RefineAsync"/> against a loopback server speaking OpenAI's chat-completions format.</summary>
public sealed class LlmAnalyzerTests
{
    private static Task<Diagnosis> RefineAsync(LlmAnalyzer analyzer, Diagnosis rules, IReadOnlyList<Screenshot>? screenshots = null)
        => analyzer.RefineAsync(Alert, [Bundle()], rules, screenshots ?? [], CancellationToken.None);

    [Fact]
    public async Task RefineAsync_AgreeingAnswer_KeepsRulesRootCauseAndAddsCitedFinding()
    {
        var answer = Answer(Categories.OomKilled, Deployment, "cart's JVM heap outgrows its 512Mi limit (ev-5)", 0.95, ["ev-1", "ev-5"],
            [FindingOf("ev-5", Pod.ToString(), "OutOfMemoryError: Java heap space in the previous container")]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;
        var rules = Rules();

        var result = await RefineAsync(analyzer, rules);

        Assert.Equal("rules+llm", result.AnalyzedBy);
        Assert.Equal(Categories.OomKilled, result.RootCause.Category);
        Assert.Equal(Deployment, result.RootCause.Resource);
        Assert.Equal(rules.RootCause.Confidence, result.RootCause.Confidence);
        Assert.Equal("cart's JVM heap outgrows its 512Mi limit (ev-5)", result.RootCause.Summary);
        Assert.Equal(["ev-1", "ev-5"], result.RootCause.Evidence);
        Assert.Equal(["ev-1", "ev-5"], result.Findings.Select(f => f.Id));
        Assert.Equal(rules.Actions, result.Actions);
    }

    [Fact]
    public async Task RefineAsync_UncitedFinding_DroppedAndLoggedRestKept()
    {
        var answer = Answer(Categories.OomKilled, Deployment, "heap outgrows the limit", 0.9, ["ev-1"],
        [
            FindingOf("ev-5", Pod.ToString(), "OutOfMemoryError in the previous container"),
            FindingOf("", Pod.ToString(), "the team deployed a memory leak yesterday"),
            FindingOf("ev-99", Pod.ToString(), "GC logs show 99% time in GC"),
        ]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var logger = new RecordingLogger();
        var (services, analyzer) = Analyzer(Compatible(server), logger);
        await using var _ = services;

        var result = await RefineAsync(analyzer, Rules());

        Assert.Equal("rules+llm", result.AnalyzedBy);
        Assert.Equal(["ev-1", "ev-5"], result.Findings.Select(f => f.Id));
        Assert.DoesNotContain(result.Findings, f => f.Text.Contains("memory leak", StringComparison.Ordinal) || f.Text.Contains("GC logs", StringComparison.Ordinal));
        Assert.Contains(logger.Warnings, w => w.Contains("the team deployed a memory leak yesterday", StringComparison.Ordinal));
        Assert.Contains(logger.Warnings, w => w.Contains("ev-99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefineAsync_FindingAboutAbsentResource_DroppedRestKept()
    {
        var answer = Answer(Categories.OomKilled, Deployment, "heap outgrows the limit", 0.9, ["ev-1"],
        [
            FindingOf("ev-5", Pod.ToString(), "OutOfMemoryError in the previous container"),
            FindingOf("ev-4", "pod/shop/payments-5c6d-xyz", "payments is also crash looping"),
        ]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var logger = new RecordingLogger();
        var (services, analyzer) = Analyzer(Compatible(server), logger);
        await using var _ = services;

        var result = await RefineAsync(analyzer, Rules());

        Assert.Equal(["ev-1", "ev-5"], result.Findings.Select(f => f.Id));
        Assert.Contains(logger.Warnings, w => w.Contains("absent from the evidence", StringComparison.Ordinal) && w.Contains("payments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefineAsync_RootCauseAboutAbsentResource_RulesStand()
    {
        var answer = Answer(Categories.DependencyUnavailable, new("Service", "shop", "postgres"), "the database is down", 0.9, ["ev-5"]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;
        var rules = Rules(confidence: 0.4);

        var result = await RefineAsync(analyzer, rules);

        Assert.Same(rules, result);
    }

    [Fact]
    public async Task RefineAsync_DisagreeingBetterCitedAnswerAndUnsureRules_ReplacesRootCause()
    {
        var answer = Answer(Categories.NodePressure, Node, "worker-1 evicts pods under memory pressure", 0.8, ["ev-3", "ev-6"],
            [FindingOf("ev-6", Node.ToString(), "node memory requested near allocatable", "warning")]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;

        var result = await RefineAsync(analyzer, Rules(confidence: 0.5));

        Assert.Equal(Categories.NodePressure, result.RootCause.Category);
        Assert.Equal(Node, result.RootCause.Resource);
        Assert.Equal(Categories.OomKilled, Assert.Single(result.Alternatives).Category);
        Assert.Equal("rules+llm", result.AnalyzedBy);
    }

    [Fact]
    public async Task RefineAsync_DisagreeingAnswerAndConfidentRules_RulesStandWithLlmAsAlternative()
    {
        var answer = Answer(Categories.NodePressure, Node, "worker-1 evicts pods under memory pressure", 0.8, ["ev-3", "ev-6"]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;
        var rules = Rules(confidence: 0.9);

        var result = await RefineAsync(analyzer, rules);

        Assert.Equal(rules.RootCause, result.RootCause);
        Assert.Equal(rules.Findings, result.Findings);
        var alternative = Assert.Single(result.Alternatives);
        Assert.Equal((Categories.NodePressure, Node), (alternative.Category, alternative.Resource));
    }

    [Fact]
    public async Task RefineAsync_MalformedJson_RulesStand()
    {
        await using var server = LoopbackHttpServer.Start(_ => Completion("The root cause is probably memory. {\"rootCause\": "));
        var logger = new RecordingLogger();
        var (services, analyzer) = Analyzer(Compatible(server), logger);
        await using var _ = services;
        var rules = Rules();

        var result = await RefineAsync(analyzer, rules);

        Assert.Same(rules, result);
        Assert.Equal(1, server.RequestCount);
        Assert.Contains(logger.Warnings, w => w.Contains("not the JSON asked for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefineAsync_CategoryNotInTaxonomy_RulesStand()
    {
        var answer = Answer("memory-leak", Deployment, "cart leaks memory", 0.9, ["ev-5"]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;
        var rules = Rules();

        Assert.Same(rules, await RefineAsync(analyzer, rules));
    }

    [Fact]
    public async Task RefineAsync_ServerSlowerThanTimeout_RulesStandQuickly()
    {
        await using var server = LoopbackHttpServer.Start(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return Completion("{}");
        });
        var logger = new RecordingLogger();
        var (services, analyzer) = Analyzer(Compatible(server, timeout: "00:00:00.500"), logger);
        await using var _ = services;
        var rules = Rules();
        var clock = Stopwatch.StartNew();

        var result = await RefineAsync(analyzer, rules);

        Assert.Same(rules, result);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.NotEmpty(logger.Warnings);
    }

    [Fact]
    public async Task RefineAsync_HttpError_RulesStand()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json("""{"error":{"message":"bad key","type":"invalid_request_error"}}""", 401));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;
        var rules = Rules();

        Assert.Same(rules, await RefineAsync(analyzer, rules));
    }

    [Fact]
    public async Task RefineAsync_ToolCallAnswer_RulesStand()
    {
        await using var server = LoopbackHttpServer.Start(_ => ToolCall());
        var logger = new RecordingLogger();
        var (services, analyzer) = Analyzer(Compatible(server), logger);
        await using var _ = services;
        var rules = Rules();

        var result = await RefineAsync(analyzer, rules);

        Assert.Same(rules, result);
        Assert.Contains(logger.Warnings, w => w.Contains("tool", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefineAsync_Screenshots_SentAsImagePartsToVisionModel()
    {
        var answer = Answer(Categories.OomKilled, Deployment, "heap outgrows the limit", 0.9, ["ev-1"]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var settings = Compatible(server);
        settings["VisionModel"] = "qwen-vl-max";
        var (services, analyzer) = Analyzer(settings);
        await using var _ = services;
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        await RefineAsync(analyzer, Rules(), [new Screenshot("grafana.png", "image/png", png)]);

        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.Equal("qwen-vl-max", (string?)body["model"]);
        Assert.Equal("json_object", (string?)body["response_format"]?["type"]);
        var parts = body["messages"]!.AsArray().Select(m => m!["content"]).OfType<JsonArray>().SelectMany(c => c);
        var url = parts.Where(p => (string?)p!["type"] == "image_url").Select(p => (string?)p!["image_url"]?["url"]).Single();
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), url);
    }

    [Fact]
    public async Task RefineAsync_NoScreenshots_SendsTextToModelWithEvidenceIds()
    {
        var answer = Answer(Categories.OomKilled, Deployment, "heap outgrows the limit", 0.9, ["ev-1"]);
        await using var server = LoopbackHttpServer.Start(_ => Completion(answer));
        var (services, analyzer) = Analyzer(Compatible(server));
        await using var _ = services;

        await RefineAsync(analyzer, Rules());

        var request = Assert.Single(server.Requests);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("qwen-plus", (string?)body["model"]);
        Assert.DoesNotContain("image_url", request.Body, StringComparison.Ordinal);
        Assert.Contains("[ev-5]", request.Body, StringComparison.Ordinal);
    }
}
