using System.Net;
using Polly;
using Polly.Timeout;

namespace K8sAiops.Activities.Resilience;

/// <summary>Which outcomes of an HTTP call are worth another attempt, and how long the server asked us to wait.</summary>
public static class TransientFailures
{
    /// <summary>408, 429 and every 5xx except 501 Not Implemented and 505 HTTP Version Not Supported.</summary>
    public static bool IsTransient(HttpStatusCode status)
    {
        var code = (int)status;
        return code is 408 or 429 || (code >= 500 && code != 501 && code != 505);
    }

    /// <summary>A connection or protocol error, or an attempt that ran out of time. Cancellation by the caller is not.</summary>
    public static bool IsTransient(Exception exception)
        => exception is HttpRequestException or TimeoutRejectedException;

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is { } exception ? IsTransient(exception) : outcome.Result is { } response && IsTransient(response.StatusCode);

    /// <summary>The wait a 429 or 503 answer asked for in <c>Retry-After</c> (seconds or an HTTP date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
