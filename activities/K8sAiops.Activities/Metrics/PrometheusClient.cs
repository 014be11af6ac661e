using System.Globalization;
using System.Text;
using System.Text.Json;
using K8sAiops.Activities.Resilience;

namespace K8sAiops.Activities.Metrics;

/// <summary>
/// Queries Prometheus' HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>) over an <see cref="HttpClient"/>
/// whose <see cref="HttpClient.BaseAddress"/> is the server's URL (a path prefix such as <c>/prometheus/</c> is kept).
/// A query Prometheus rejects raises <see cref="PrometheusQueryException"/> with its errorType and error; an unreachable
/// server or an answer that is not the API's JSON raises <see cref="PrometheusException"/> naming the URL.
/// </summary>
public sealed class PrometheusClient(HttpClient http, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Evaluates an instant query at <paramref name="at"/> (Prometheus' current time when null).</summary>
    public Task<PrometheusResult> QueryAsync(string query, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var parameters = new List<(string, string)> { ("query", query) };
        if (at is { } instant)
        {
            parameters.Add(("time", FormatTime(instant)));
        }

        return SendAsync("api/v1/query", parameters, query, cancellationToken);
    }

    /// <summary>Evaluates a range query at <paramref name="start"/>, start + step, … up to <paramref name="end"/>.</summary>
    public Task<PrometheusResult> QueryRangeAsync(
        string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        return SendAsync(
            "api/v1/query_range",
            [("query", query), ("start", FormatTime(start)), ("end", FormatTime(end)), ("step", FormatSeconds(step))],
            query,
            cancellationToken);
    }

    public Task<PrometheusResult> QueryRangeAsync(string query, QueryWindow window, CancellationToken cancellationToken = default)
        => QueryRangeAsync(query, window.Start, window.End, window.Step, cancellationToken);

    /// <summary>A range query over <see cref="QueryWindow.AroundAlert"/>: 30 minutes either side of the alert's start, at most 300 points.</summary>
    public Task<PrometheusResult> QueryAroundAlertAsync(
        string query, DateTimeOffset startsAt, DateTimeOffset? endsAt, CancellationToken cancellationToken = default)
        => QueryRangeAsync(query, QueryWindow.AroundAlert(startsAt, endsAt, _time.GetUtcNow()), cancellationToken);

    /// <summary>Unix seconds with millisecond precision, as the API accepts: "1714557600.123".</summary>
    internal static string FormatTime(DateTimeOffset time)
        => (time.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);

    internal static string FormatSeconds(TimeSpan span)
        => ((decimal)span.TotalMilliseconds / 1000m).ToString(CultureInfo.InvariantCulture);

    private async Task<PrometheusResult> SendAsync(
        string path, IEnumerable<(string Name, string Value)> parameters, string query, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(path);
        var uri = new Uri(endpoint + "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}")));
        byte[] body;
        int status;
        string reason;
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            reason = response.ReasonPhrase ?? response.StatusCode.ToString();
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (RemoteCallException e) when (e.ResponseBody is { } failed && ErrorIn(Encoding.UTF8.GetBytes(failed)) is var (type, error))
        {
            throw new PrometheusQueryException(query, type, error, (int?)e.StatusCode ?? 0, endpoint, e);
        }
        catch (RemoteCallException e)
        {
            throw new PrometheusException($"Prometheus at {endpoint} failed: {e.Message}", endpoint, e);
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusException($"Prometheus at {endpoint} could not be reached: {e.Message}", endpoint, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus at {endpoint} did not answer in time.", endpoint, e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PrometheusException(
                $"Prometheus at {endpoint} answered {status} {reason} with something that is not JSON: {Snippet(body)}", endpoint, e);
        }

        using (document)
        {
            if (PrometheusResponse.ReadError(document.RootElement) is var (type, error))
            {
                throw new PrometheusQueryException(query, type, error, status, endpoint);
            }

            if (status is < 200 or >= 300)
            {
                throw new PrometheusException($"Prometheus at {endpoint} answered {status} {reason}: {Snippet(body)}", endpoint);
            }

            try
            {
                return PrometheusResponse.ReadResult(document.RootElement);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
            {
                throw new PrometheusException(
                    $"Prometheus at {endpoint} answered in an unexpected shape ({e.Message}): {Snippet(body)}", endpoint, e);
            }
        }
    }

    private string Endpoint(string path)
    {
        var baseAddress = http.BaseAddress
            ?? throw new InvalidOperationException("The Prometheus HttpClient has no BaseAddress; set Collect:Prometheus:Url.");
        var root = baseAddress.GetLeftPart(UriPartial.Path);
        return (root.EndsWith('/') ? root : root + "/") + path;
    }

    private static (string, string)? ErrorIn(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return PrometheusResponse.ReadError(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }
}
