using K8sAiops.Activities.Metrics;
using K8sAiops.Activities.Resilience;
using K8sAiops.Testing;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Metrics;

/// <summary>
/// Answers a real Prometheus rarely gives on demand (warnings, infos, timeouts, a proxy's HTML page), served from a
/// loopback server in the API's documented format, and a server that is not there at all.
/// </summary>
public sealed class PrometheusClientFailureTests
{
    [Fact]
    public async Task QueryAsync_NothingListening_ThrowsNamingTheUrl()
    {
        var address = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        using var http = new HttpClient { BaseAddress = address };

        var error = await Assert.ThrowsAsync<PrometheusException>(() => new PrometheusClient(http).QueryAsync("up"));

        Assert.Equal($"{address}api/v1/query", error.Url);
        Assert.StartsWith($"Prometheus at {address}api/v1/query could not be reached:", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task QueryAsync_HtmlFromAProxy_ThrowsNamingTheUrlAndWhatCameBack()
    {
        await using var server = LoopbackHttpServer.Start(_ =>
            new LoopbackResponse(200, "<html><body>Sign in to continue</body></html>", "text/html"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<PrometheusException>(() => new PrometheusClient(http).QueryAsync("up"));

        Assert.Contains($"Prometheus at {server.BaseAddress}api/v1/query answered 200 OK with something that is not JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sign in to continue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_BasePathPrefix_IsKeptAndParametersAreEncoded()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json(
            """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "prometheus") };

        await new PrometheusClient(http).QueryAsync("rate(http_requests_total{code=~\"5..\"}[5m]) > 0", DateTimeOffset.FromUnixTimeMilliseconds(1_714_557_600_123));

        var request = Assert.Single(server.Requests);
        Assert.Equal("/prometheus/api/v1/query", request.Path);
        Assert.Equal(
            "query=rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%20%3E%200&time=1714557600.123",
            request.Query);
    }

    [Fact]
    public async Task QueryRangeAsync_DocumentedMatrixWithWarningsAndInfos_IsReadInFull()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json("""
            {
              "status": "success",
              "data": {
                "resultType": "matrix",
                "result": [
                  {"metric": {"__name__": "up", "job": "prometheus", "instance": "localhost:9090"},
                   "values": [[1435781430.781, "1"], [1435781445.781, "NaN"], [1435781460.781, "+Inf"]]},
                  {"metric": {"__name__": "up", "job": "node", "instance": "localhost:9091"},
                   "values": [[1435781430.781, "0"], [1435781445.781, "-Inf"], [1435781460.781, "1e-3"]]}
                ]
              },
              "warnings": ["partial response: store gateway unavailable"],
              "infos": ["metric might not be a counter, name does not end in _total"]
            }
            """));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var start = DateTimeOffset.FromUnixTimeSeconds(1435781430);

        var result = await new PrometheusClient(http).QueryRangeAsync("up", start, start.AddSeconds(30), TimeSpan.FromSeconds(15));

        Assert.Equal("query=up&start=1435781430&end=1435781460&step=15", Assert.Single(server.Requests).Query);
        Assert.Equal(PrometheusResultType.Matrix, result.ResultType);
        Assert.Equal(["partial response: store gateway unavailable"], result.Warnings);
        Assert.Equal(["metric might not be a counter, name does not end in _total"], result.Infos);
        Assert.Equal([1, double.NaN, double.PositiveInfinity], result.Series[0].Samples.Select(s => s.Value));
        Assert.Equal([0, double.NegativeInfinity, 0.001], result.Series[1].Samples.Select(s => s.Value));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1435781430781), result.Series[0].Samples[0].Timestamp);
        Assert.Equal("node", result.Series[1].Labels["job"]);
    }

    [Theory]
    [InlineData(422, "execution", "expanding series: context deadline exceeded")]
    [InlineData(400, "bad_data", "invalid parameter \"query\": 1:6: parse error: unexpected end of input")]
    public async Task QueryAsync_ErrorEnvelope_ThrowsWithErrorTypeErrorAndQuery(int status, string errorType, string message)
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json(
            $$"""{"status":"error","errorType":"{{errorType}}","error":{{System.Text.Json.JsonSerializer.Serialize(message)}}}""", status));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(() => new PrometheusClient(http).QueryAsync("sum(up"));

        Assert.Equal(errorType, error.ErrorType);
        Assert.Equal(message, error.Error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("sum(up", error.Query);
    }

    [Fact]
    public async Task QueryAsync_Persistent503TimeoutThroughTheResilienceHandler_ThrowsTheQueryErrorAfterRetries()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json(
            """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", 503));
        var options = new RemoteCallOptions { RetryBaseDelay = TimeSpan.Zero, MaxRetryAttempts = 2 };
        var pipeline = RemoteCallPipeline.Create(RemoteCallNames.Prometheus, options, new FakeTimeProvider());
        using var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(() => new PrometheusClient(http).QueryAsync("up"));

        Assert.Equal(3, server.RequestCount);
        Assert.Equal("timeout", error.ErrorType);
        Assert.Equal(503, error.StatusCode);
        Assert.IsType<RemoteCallException>(error.InnerException);
    }

    [Fact]
    public async Task QueryAsync_WithoutBaseAddress_SaysWhichSettingIsMissing()
    {
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PrometheusClient(http).QueryAsync("up"));

        Assert.Contains("Collect:Prometheus:Url", error.Message, StringComparison.Ordinal);
    }
}
