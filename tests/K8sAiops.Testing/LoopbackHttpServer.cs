using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace K8sAiops.Testing;

/// <summary>What a <see cref="LoopbackHttpServer"/> received.</summary>
/// <param name="Number">1 for the first request the server saw, 2 for the second …</param>
/// <param name="RawUrl">Path and query exactly as the client sent them (still percent-encoded).</param>
public sealed record LoopbackRequest(
    int Number,
    string Method,
    string RawUrl,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string Path => RawUrl.Split('?', 2)[0];

    public string Query => RawUrl.Contains('?', StringComparison.Ordinal) ? RawUrl.Split('?', 2)[1] : "";
}

/// <summary>What a <see cref="LoopbackHttpServer"/> answers.</summary>
public sealed record LoopbackResponse(
    int StatusCode,
    string Body = "",
    string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static LoopbackResponse Json(string body, int statusCode = 200) => new(statusCode, body);

    public static LoopbackResponse Text(string body, int statusCode) => new(statusCode, body, "text/plain; charset=utf-8");
}

/// <summary>
/// A tiny HTTP server on 127.0.0.1 and a free port for tests that need a remote to misbehave on purpose
/// (fail, hang, throttle) or to replay recorded answers of a server that cannot run here. It records every request.
/// A handler that never completes models a hung server; disposing the server releases it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly Task _loop;
    private int _count;

    private LoopbackHttpServer(HttpListener listener, Uri baseAddress, Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler)
    {
        _listener = listener;
        _handler = handler;
        BaseAddress = baseAddress;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests seen so far, counted when they arrive (before the handler answers).</summary>
    public int RequestCount => Volatile.Read(ref _count);

    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    public static LoopbackHttpServer Start(Func<LoopbackRequest, LoopbackResponse> handler)
        => Start((request, _) => Task.FromResult(handler(request)));

    public static LoopbackHttpServer Start(Func<LoopbackRequest, CancellationToken, Task<LoopbackResponse>> handler)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Azurite.FreePort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseAddress.ToString());
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, baseAddress, handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between FreePort and Start; pick another.
                listener.Close();
            }
        }
    }

    /// <summary>Waits (real time) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (RequestCount < count)
        {
            try
            {
                await Task.Delay(5, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} request(s) at {BaseAddress}, saw {RequestCount}.");
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var headers = context.Request.Headers.AllKeys
                .Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var request = new LoopbackRequest(
                Interlocked.Increment(ref _count), context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body);
            _requests.Enqueue(request);

            var response = await _handler(request, _stopping.Token);
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.StatusCode;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            context.Response.Abort();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (for example after its attempt timed out).
            context.Response.Abort();
        }
        catch (Exception e)
        {
            // A bug in the test's handler: answer 500 with it rather than leave the client waiting.
            try
            {
                var bytes = Encoding.UTF8.GetBytes($"LoopbackHttpServer handler failed: {e}");
                context.Response.StatusCode = 500;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception)
            {
                context.Response.Abort();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }
}
