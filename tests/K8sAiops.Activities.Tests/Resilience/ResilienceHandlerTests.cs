using System.Net;
using System.Text;
using K8sAiops.Activities.Resilience;
using K8sAiops.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace K8sAiops.Activities.Tests.Resilience;

/// <summary>
/// The pipeline and handler against a loopback server that fails on purpose. Timeouts, backoff and the breaker run on a
/// <see cref="FakeTimeProvider"/> so the tests are fast and exact; the server and the sockets are real.
/// </summary>
public sealed class ResilienceHandlerTests
{
    private const string Remote = RemoteCallNames.Prometheus;

    /// <summary>Attempts get minutes of fake time, so driving the clock never times out a real request by accident.</summary>
    private static RemoteCallOptions Patient(Action<RemoteCallOptions>? change = null)
    {
        var options = new RemoteCallOptions
        {
            AttemptTimeout = TimeSpan.FromMinutes(5),
            TotalTimeout = TimeSpan.FromMinutes(10),
            MinimumThroughput = 100,
        };
        change?.Invoke(options);
        return options;
    }

    private static HttpClient Client(ResiliencePipeline<HttpResponseMessage> pipeline, Uri baseAddress)
        => new(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static Task<LoopbackResponse> Hang(CancellationToken stopping)
        => Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => new LoopbackResponse(200), TaskScheduler.Default);

    [Fact]
    public async Task SendAsync_503ThenOk_RetriesAfterAShortBackoffAndReturnsOk()
    {
        var time = new FakeTimeProvider();
        var seenAt = new List<DateTimeOffset>();
        await using var server = LoopbackHttpServer.Start(request =>
        {
            lock (seenAt)
            {
                seenAt.Add(time.GetUtcNow());
            }

            return request.Number == 1 ? LoopbackResponse.Text("busy", 503) : LoopbackResponse.Json("""{"ok":true}""");
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, Patient(), time), server.BaseAddress);

        using var response = await FakeClock.DriveAsync(time, client.GetAsync("api/v1/query"), TimeSpan.FromMilliseconds(20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.RequestCount);
        var backoff = seenAt[1] - seenAt[0];
        Assert.InRange(backoff, TimeSpan.FromMilliseconds(1), new RemoteCallOptions().MaxRetryDelay);
    }

    [Fact]
    public async Task SendAsync_503ThenOkOnTheSystemClock_RetriesWithinASecond()
    {
        await using var server = LoopbackHttpServer.Start(request =>
            request.Number == 1 ? LoopbackResponse.Text("busy", 503) : LoopbackResponse.Json("{}"));
        using var client = Client(RemoteCallPipeline.Create(Remote, new RemoteCallOptions()), server.BaseAddress);

        using var response = await client.GetAsync("api/v1/query");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsAsLongAsAskedThenRetries()
    {
        var time = new FakeTimeProvider();
        var seenAt = new List<DateTimeOffset>();
        await using var server = LoopbackHttpServer.Start(request =>
        {
            lock (seenAt)
            {
                seenAt.Add(time.GetUtcNow());
            }

            return request.Number == 1
                ? new LoopbackResponse(429, "slow down", "text/plain", new Dictionary<string, string> { ["Retry-After"] = "3" })
                : LoopbackResponse.Json("{}");
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, Patient(), time), server.BaseAddress);

        using var response = await FakeClock.DriveAsync(time, client.GetAsync("api/v1/query"), TimeSpan.FromMilliseconds(50));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
        Assert.InRange(seenAt[1] - seenAt[0], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task SendAsync_429AskingForLongerThanMaxRetryDelay_FailsAtOnceWithTheStatus()
    {
        await using var server = LoopbackHttpServer.Start(_ =>
            new LoopbackResponse(429, "quota exceeded", "text/plain", new Dictionary<string, string> { ["Retry-After"] = "120" }));
        using var client = Client(RemoteCallPipeline.Create(Remote, Patient(), new FakeTimeProvider()), server.BaseAddress);

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("api/v1/query"));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("quota exceeded", error.ResponseBody);
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerHangsBeyondTheAttemptTimeout_AbandonsTheAttemptAndRetries()
    {
        var time = new FakeTimeProvider();
        await using var server = LoopbackHttpServer.Start((request, stopping) =>
            request.Number == 1 ? Hang(stopping) : Task.FromResult(LoopbackResponse.Json("{}")));
        var options = Patient(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, options, time), server.BaseAddress);

        var call = client.GetAsync("api/v1/query");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.Equal(1, server.RequestCount);
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_ServerAlwaysHangs_TheTotalTimeoutEndsTheCall()
    {
        var time = new FakeTimeProvider();
        await using var server = LoopbackHttpServer.Start((_, stopping) => Hang(stopping));
        var options = Patient(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalTimeout = TimeSpan.FromSeconds(25);
            o.RetryBaseDelay = TimeSpan.Zero;
            o.MaxRetryAttempts = 5;
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, options, time), server.BaseAddress);

        var call = client.GetAsync("api/v1/query");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(10));
        await server.WaitForRequestsAsync(2);
        time.Advance(TimeSpan.FromSeconds(10));
        await server.WaitForRequestsAsync(3);
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<RemoteCallException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(3, server.RequestCount);
        Assert.Equal(3, error.Attempts);
        Assert.StartsWith($"{Remote}: GET {server.BaseAddress}api/v1/query timed out: no answer within 25 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Persistent500_OpensTheCircuitSoTheNextCallFailsFastWithoutReachingTheServer()
    {
        var time = new FakeTimeProvider();
        var healthy = false;
        await using var server = LoopbackHttpServer.Start(_ =>
            Volatile.Read(ref healthy) ? LoopbackResponse.Json("{}") : LoopbackResponse.Text("boom", 500));
        var options = Patient(o =>
        {
            o.RetryBaseDelay = TimeSpan.Zero;
            o.MinimumThroughput = 2;
            o.FailureRatio = 0.5;
            o.BreakDuration = TimeSpan.FromSeconds(15);
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, options, time), server.BaseAddress);

        var first = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("api/v1/query"));
        Assert.Equal(2, server.RequestCount);
        Assert.True(first.CircuitOpen);
        Assert.Equal(2, first.Attempts);
        Assert.Equal("500 Internal Server Error", first.LastFailure);

        var second = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("api/v1/query"));
        Assert.Equal(2, server.RequestCount);
        Assert.True(second.CircuitOpen);
        Assert.Equal(0, second.Attempts);
        Assert.Contains("circuit is open", second.Message, StringComparison.Ordinal);
        Assert.Contains("500 Internal Server Error", second.Message, StringComparison.Ordinal);
        Assert.StartsWith(Remote, second.Message, StringComparison.Ordinal);

        Volatile.Write(ref healthy, true);
        time.Advance(options.BreakDuration);
        using var recovered = await client.GetAsync("api/v1/query");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_404_IsReturnedAsIsWithoutRetry()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json("""{"kind":"Status","code":404}""", 404));
        using var client = Client(RemoteCallPipeline.Create(Remote, Patient(), new FakeTimeProvider()), server.BaseAddress);

        using var response = await client.GetAsync("api/v1/namespaces/default/pods/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_Persistent503_ExhaustsRetriesAndNamesTheRemoteAndTheLastStatus()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Text("overloaded", 503));
        var options = Patient(o => o.RetryBaseDelay = TimeSpan.Zero);
        using var client = Client(RemoteCallPipeline.Create(Remote, options, new FakeTimeProvider()), server.BaseAddress);

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("api/v1/query?query=up"));

        Assert.Equal(4, server.RequestCount);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("overloaded", error.ResponseBody);
        Assert.Equal(
            $"{Remote}: GET {server.BaseAddress}api/v1/query failed after 4 attempts; last answer: 503 Service Unavailable.",
            error.Message);
    }

    [Fact]
    public async Task SendAsync_NothingListening_FailsAfterRetriesWithTheConnectionError()
    {
        var address = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        var options = Patient(o =>
        {
            o.RetryBaseDelay = TimeSpan.Zero;
            o.MaxRetryAttempts = 2;
        });
        using var client = Client(RemoteCallPipeline.Create(Remote, options, new FakeTimeProvider()), address);

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("-/ready"));

        Assert.Equal(3, error.Attempts);
        Assert.IsType<HttpRequestException>(error.InnerException, exactMatch: false);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith($"{Remote}: GET {address}-/ready failed after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PostWithStreamContent_SendsTheSameBodyOnEveryAttempt()
    {
        await using var server = LoopbackHttpServer.Start(request =>
            request.Number == 1 ? LoopbackResponse.Text("busy", 502) : LoopbackResponse.Json("{}"));
        var options = Patient(o => o.RetryBaseDelay = TimeSpan.Zero);
        using var client = Client(RemoteCallPipeline.Create(Remote, options, new FakeTimeProvider()), server.BaseAddress);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("query=up")));

        using var response = await client.PostAsync("api/v1/query", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["query=up", "query=up"], server.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceledRatherThanARemoteFailure()
    {
        await using var server = LoopbackHttpServer.Start((_, stopping) => Hang(stopping));
        using var client = Client(RemoteCallPipeline.Create(Remote, Patient(), new FakeTimeProvider()), server.BaseAddress);
        using var cancel = new CancellationTokenSource();

        var call = client.GetAsync("api/v1/query", cancel.Token);
        await server.WaitForRequestsAsync(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task SendAsync_RetriesDisabled_FailsAfterOneAttempt()
    {
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Text("bad gateway", 502));
        var options = Patient(o => o.MaxRetryAttempts = 0);
        using var client = Client(RemoteCallPipeline.Create(Remote, options, new FakeTimeProvider()), server.BaseAddress);

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => client.GetAsync("api/v1/query"));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }
}
