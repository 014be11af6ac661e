using K8sAiops.Activities.Logs;
using K8sAiops.Activities.Resilience;
using K8sAiops.Testing;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Logs;

/// <summary>
/// The Loki client against answers recorded in the format of Loki's HTTP API reference (Recordings/), served from a
/// loopback server that also records exactly what the client asked.
/// </summary>
public sealed class LokiClientTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_714_557_600);
    private static readonly DateTimeOffset End = Start.AddHours(1);

    private static string Recording(string name)
        => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "K8sAiops.Activities.Tests", "Logs", "Recordings", name));

    private static LoopbackHttpServer Serve(string recording, int status = 200, string contentType = "application/json")
        => LoopbackHttpServer.Start(_ => new LoopbackResponse(status, Recording(recording), contentType));

    [Fact]
    public async Task QueryRangeAsync_LogQuery_SendsExactlyTheDocumentedParameters()
    {
        await using var server = Serve("streams.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await new LokiClient(http).QueryRangeAsync("{namespace=\"shop\", pod=~\"web-.*\"} |= \"error\"", Start, End, limit: 500);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/loki/api/v1/query_range", request.Path);
        Assert.Equal(
            "query=%7Bnamespace%3D%22shop%22%2C%20pod%3D~%22web-.%2A%22%7D%20%7C%3D%20%22error%22" +
            "&start=1714557600000000000&end=1714561200000000000&limit=500&direction=backward",
            request.Query);
    }

    [Fact]
    public async Task QueryRangeAsync_Streams_ReadsLabelsLinesAndNanosecondTimestamps()
    {
        await using var server = Serve("streams.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var result = await new LokiClient(http).QueryRangeAsync("{namespace=\"shop\"}", Start, End);

        Assert.Equal(LokiResultType.Streams, result.ResultType);
        Assert.Empty(result.Series);
        Assert.Equal(2, result.Streams.Count);
        Assert.Equal(3, result.LineCount);
        var first = result.Streams[0];
        Assert.Equal("web-7d9f8b6c5-x2x9z", first.Labels["pod"]);
        Assert.Equal("stderr", first.Labels["stream"]);
        Assert.Equal(1_714_558_210_123_456_789, first.Entries[0].UnixNanoseconds);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:10:10.1234567Z", System.Globalization.CultureInfo.InvariantCulture), first.Entries[0].Timestamp);
        Assert.Equal(
            "{\"ts\":\"2024-05-01T10:10:10.123Z\",\"level\":\"error\",\"msg\":\"connection to db.shop.svc:5432 refused\",\"attempt\":3}",
            first.Entries[0].Line);
        Assert.Equal("panic: runtime error: invalid memory address or nil pointer dereference — \"retrying\"", first.Entries[1].Line);
        Assert.Equal("GET /healthz 503 2ms", Assert.Single(result.Streams[1].Entries).Line);
    }

    [Fact]
    public async Task QueryRangeAsync_MetricQuery_SendsStepAndReadsTheMatrix()
    {
        await using var server = Serve("matrix.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var result = await new LokiClient(http).QueryRangeAsync(
            "sum by (level) (count_over_time({namespace=\"shop\"}[1m]))", Start, End, step: TimeSpan.FromMinutes(1), direction: LokiDirection.Forward);

        Assert.EndsWith("&limit=100&direction=forward&step=60", Assert.Single(server.Requests).Query, StringComparison.Ordinal);
        Assert.Equal(LokiResultType.Matrix, result.ResultType);
        Assert.Empty(result.Streams);
        var errors = Assert.Single(result.Series, s => s.Labels["level"] == "error");
        Assert.Equal([0, 2.5, 137.95], errors.Samples.Select(s => s.Value));
        Assert.Equal(Start, errors.Samples[0].Timestamp);
        var warnings = Assert.Single(result.Series, s => s.Labels["level"] == "warn");
        Assert.Equal(Start.AddSeconds(60.5), warnings.Samples[1].Timestamp);
    }

    [Fact]
    public async Task QueryRangeAsync_SubSecondStep_IsSentAsFractionalSeconds()
    {
        await using var server = Serve("matrix.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await new LokiClient(http).QueryRangeAsync("rate({app=\"web\"}[1s])", Start, Start.AddSeconds(10), step: TimeSpan.FromMilliseconds(500));

        Assert.EndsWith("&step=0.5", Assert.Single(server.Requests).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_StructuredMetadataAfterTheLine_IsTolerated()
    {
        await using var server = Serve("streams-structured-metadata.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var result = await new LokiClient(http).QueryRangeAsync("{namespace=\"shop\"}", Start, End);

        Assert.Equal("order 42 failed", Assert.Single(Assert.Single(result.Streams).Entries).Line);
    }

    [Fact]
    public async Task QueryRangeAsync_NothingFound_ReturnsNoStreams()
    {
        await using var server = Serve("empty.json");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var result = await new LokiClient(http).QueryRangeAsync("{namespace=\"nowhere\"}", Start, End);

        Assert.Equal(LokiResultType.Streams, result.ResultType);
        Assert.Empty(result.Streams);
        Assert.Equal(0, result.LineCount);
    }

    [Fact]
    public async Task QueryRangeAsync_ParseError_ThrowsLokisPlainTextMessageWithTheQuery()
    {
        await using var server = Serve("query-parse-error.txt", 400, "text/plain; charset=utf-8");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<LokiQueryException>(
            () => new LokiClient(http).QueryRangeAsync("{app=web}", Start, End));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("parse error at line 1, col 5: syntax error: unexpected IDENTIFIER", error.Error);
        Assert.Equal("{app=web}", error.Query);
        Assert.Equal($"{server.BaseAddress}loki/api/v1/query_range", error.Url);
        Assert.Contains(error.Url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_HtmlInsteadOfJson_ThrowsNamingTheUrl()
    {
        await using var server = LoopbackHttpServer.Start(_ => new LoopbackResponse(200, "<html>login</html>", "text/html"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<LokiException>(() => new LokiClient(http).QueryRangeAsync("{app=\"web\"}", Start, End));

        Assert.Equal($"Loki at {server.BaseAddress}loki/api/v1/query_range answered 200 with something that is not JSON: <html>login</html>", error.Message);
    }

    [Fact]
    public async Task QueryRangeAsync_NothingListening_ThrowsNamingTheUrl()
    {
        var address = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/loki-gateway/");
        using var http = new HttpClient { BaseAddress = address };

        var error = await Assert.ThrowsAsync<LokiException>(() => new LokiClient(http).QueryRangeAsync("{app=\"web\"}", Start, End));

        Assert.StartsWith($"Loki at {address}loki/api/v1/query_range could not be reached:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_Persistent502ThroughTheResilienceHandler_ThrowsNamingLokiAfterRetries()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Text("upstream connect error", 502));
        var options = new RemoteCallOptions { RetryBaseDelay = TimeSpan.Zero, MaxRetryAttempts = 1 };
        var pipeline = RemoteCallPipeline.Create(RemoteCallNames.Loki, options, new FakeTimeProvider());
        using var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<LokiException>(() => new LokiClient(http).QueryRangeAsync("{app=\"web\"}", Start, End));

        Assert.Equal(2, server.RequestCount);
        var remote = Assert.IsType<RemoteCallException>(error.InnerException);
        Assert.Equal("Loki", remote.Remote);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_BadArguments_AreRejectedBeforeAnyCall()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") };
        var client = new LokiClient(http);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.QueryRangeAsync("{a=\"b\"}", End, Start));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.QueryRangeAsync("{a=\"b\"}", Start, End, limit: 0));
        await Assert.ThrowsAsync<ArgumentException>(() => client.QueryRangeAsync(" ", Start, End));
    }
}
