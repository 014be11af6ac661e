using K8sAiops.Activities.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace K8sAiops.Activities.Tests.Metrics;

/// <summary>The client against a real Prometheus 2.42 scraping itself every second.</summary>
public sealed class PrometheusClientTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = prometheus.Server.BaseAddress };

    private PrometheusClient Client => new(_http);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task QueryAsync_Up_ReturnsAVectorWithPrometheusItselfUp()
    {
        var result = await Client.QueryAsync("up");

        Assert.Equal(PrometheusResultType.Vector, result.ResultType);
        var series = Assert.Single(result.Series, s => s.Labels["job"] == "prometheus");
        Assert.Equal("up", series.Name);
        Assert.Equal(prometheus.Server.Instance, series.Labels["instance"]);
        var sample = Assert.Single(series.Samples);
        Assert.Equal(1, sample.Value);
        Assert.InRange(sample.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task QueryAsync_BuildInfo_CarriesTheVersionLabel()
    {
        var result = await Client.QueryAsync("prometheus_build_info");

        var series = Assert.Single(result.Series);
        Assert.StartsWith("2.", series.Labels["version"], StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(series.Samples).Value);
    }

    [Fact]
    public async Task QueryRangeAsync_UpOverTheLastTenSeconds_ReturnsAMatrixSampledAtEachStep()
    {
        var end = DateTimeOffset.UtcNow;
        var start = end.AddSeconds(-10);

        var result = await Client.QueryRangeAsync("up", start, end, TimeSpan.FromSeconds(1));

        Assert.Equal(PrometheusResultType.Matrix, result.ResultType);
        var series = Assert.Single(result.Series, s => s.Labels["job"] == "prometheus");
        Assert.InRange(series.Samples.Count, 1, 11);
        Assert.All(series.Samples, s => Assert.Equal(1, s.Value));
        Assert.All(series.Samples, s => Assert.InRange(s.Timestamp, start, end));
        Assert.All(series.Samples.Zip(series.Samples.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second.Timestamp - pair.First.Timestamp));
    }

    [Fact]
    public async Task QueryAroundAlertAsync_RecentAlert_QueriesTheWindowWithAtMost300Points()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var startsAt = now.AddSeconds(-5);
        var window = QueryWindow.AroundAlert(startsAt, endsAt: null, now);
        var client = new PrometheusClient(_http, new FakeTimeProvider(now));

        var result = await client.QueryAroundAlertAsync("vector(1)", startsAt, endsAt: null);

        var series = Assert.Single(result.Series);
        Assert.Equal(window.Points, series.Samples.Count);
        Assert.InRange(series.Samples.Count, 250, QueryWindow.MaxPoints);
        Assert.Equal(startsAt - QueryWindow.Margin, series.Samples[0].Timestamp);
        Assert.Equal(window.Step, series.Samples[1].Timestamp - series.Samples[0].Timestamp);
        Assert.InRange(series.Samples[^1].Timestamp, now - window.Step, now);
    }

    [Fact]
    public async Task QueryAsync_AtAGivenTime_EvaluatesAtThatTime()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_714_557_600_250);

        var result = await Client.QueryAsync("time()", at);

        Assert.Equal(PrometheusResultType.Scalar, result.ResultType);
        Assert.Equal(at, result.Scalar!.Value.Timestamp);
        Assert.Equal(1_714_557_600.25, result.Scalar.Value.Value);
    }

    [Theory]
    [InlineData("0/0", double.NaN)]
    [InlineData("1/0", double.PositiveInfinity)]
    [InlineData("-1/0", double.NegativeInfinity)]
    [InlineData("2.5e3", 2500)]
    public async Task QueryAsync_SpecialValues_AreReadFromTheirStringForm(string query, double expected)
    {
        var result = await Client.QueryAsync(query);

        Assert.Equal(expected, result.Scalar!.Value.Value);
    }

    [Fact]
    public async Task QueryAsync_StringLiteral_ReturnsAStringResult()
    {
        var result = await Client.QueryAsync("\"hello\"");

        Assert.Equal(PrometheusResultType.String, result.ResultType);
        Assert.Equal("hello", result.String!.Value.Value);
    }

    [Fact]
    public async Task QueryAsync_SyntaxError_ThrowsBadDataWithPrometheusMessageAndTheQuery()
    {
        var error = await Assert.ThrowsAsync<PrometheusQueryException>(() => Client.QueryAsync("sum(up{job=\"prometheus\"}"));

        Assert.Equal("bad_data", error.ErrorType);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("sum(up{job=\"prometheus\"}", error.Query);
        Assert.Contains("parse error", error.Error, StringComparison.Ordinal);
        Assert.Equal($"{prometheus.Server.BaseAddress}api/v1/query", error.Url);
        Assert.Contains(error.Url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_TooManyPoints_ThrowsBadData()
    {
        var end = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<PrometheusQueryException>(
            () => Client.QueryRangeAsync("up", end.AddDays(-1), end, TimeSpan.FromSeconds(1)));

        Assert.Equal("bad_data", error.ErrorType);
        Assert.Contains("11,000 points", error.Error, StringComparison.Ordinal);
    }
}
