using System.Runtime.ExceptionServices;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace K8sAiops.Activities.Resilience;

/// <summary>
/// Sends every request through a remote's <see cref="RemoteCallPipeline"/>: the same request is sent again per attempt
/// (its content buffered first so it can be). A success or a non-transient answer (404, 403, 400 …) is returned as is;
/// exhausted retries, the total timeout and an open circuit become a <see cref="RemoteCallException"/> naming the remote
/// and the last status or error. Works with an <c>HttpClient</c> from <c>IHttpClientFactory</c> and with KubernetesClient
/// (pass it in the <c>Kubernetes</c> constructor's handlers). A handler instance belongs to one HTTP client.
/// </summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    private const int BodySnippetChars = 4096;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var call = new Call(this, request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, call) =>
                {
                    call.Attempts++;
                    try
                    {
                        var response = await call.Handler.SendOnceAsync(call.Request, ctx.CancellationToken);
                        call.LastFailure = $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}";
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        call.LastFailure = e is OperationCanceledException ? "no answer before the attempt timed out" : $"{e.GetType().Name}: {e.Message}";
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(exception);
            }

            throw Failure(call, exception);
        }

        var result = outcome.Result!;
        if (!TransientFailures.IsTransient(result.StatusCode))
        {
            return result;
        }

        using (result)
        {
            var body = await ReadSnippetAsync(result, cancellationToken);
            throw new RemoteCallException(
                RemoteName(request),
                call.Describe(),
                call.Attempts,
                call.LastFailure,
                $"{RemoteName(request)}: {call.Describe()} failed after {Attempts(call.Attempts)}; last answer: {call.LastFailure}.",
                result.StatusCode,
                body);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => base.SendAsync(request, cancellationToken);

    private RemoteCallException Failure(Call call, Exception exception)
    {
        var remote = RemoteName(call.Request);
        var request = call.Describe();
        switch (exception)
        {
            case BrokenCircuitException broken:
                var last = call.Attempts > 0 ? call.LastFailure : RemoteCallPipeline.StateOf(pipeline)?.BreakingFailure ?? "unknown";
                var retryAfter = broken.RetryAfter is { } wait ? $"; it is tried again in about {Math.Ceiling(wait.TotalSeconds):0} s" : "";
                return new RemoteCallException(
                    remote, request, call.Attempts, last,
                    $"{remote}: {request} was not sent: the circuit is open after repeated failures (last: {last}){retryAfter}.",
                    circuitOpen: true,
                    innerException: broken);
            case TimeoutRejectedException timeout:
                var failure = $"no answer within {timeout.Timeout.TotalSeconds:0.###} s";
                var attemptsMade = call.Attempts > 1 ? $" ({Attempts(call.Attempts)}; last: {call.LastFailure})" : "";
                return new RemoteCallException(
                    remote, request, call.Attempts, call.LastFailure,
                    $"{remote}: {request} timed out: {failure}{attemptsMade}.",
                    innerException: timeout);
            default:
                return new RemoteCallException(
                    remote, request, call.Attempts, call.LastFailure,
                    $"{remote}: {request} failed after {Attempts(call.Attempts)}; last error: {call.LastFailure}.",
                    (exception as HttpRequestException)?.StatusCode,
                    innerException: exception);
        }
    }

    private string RemoteName(HttpRequestMessage request)
        => RemoteCallPipeline.StateOf(pipeline)?.Name ?? request.RequestUri?.Authority ?? "remote";

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream);
            var buffer = new char[BodySnippetChars];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            return read == 0 ? null : new string(buffer, 0, read);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }

    private sealed class Call(ResilienceHandler handler, HttpRequestMessage request)
    {
        public ResilienceHandler Handler { get; } = handler;

        public HttpRequestMessage Request { get; } = request;

        public int Attempts { get; set; }

        public string LastFailure { get; set; } = "none";

        /// <summary>Method and URL without credentials or query string (which may carry tokens).</summary>
        public string Describe()
            => Request.RequestUri is { IsAbsoluteUri: true } uri
                ? $"{Request.Method} {uri.Scheme}://{uri.Authority}{uri.AbsolutePath}"
                : $"{Request.Method} {Request.RequestUri}";
    }
}
