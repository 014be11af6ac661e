using System.Globalization;
using System.Text;
using System.Text.Json;
using K8sAiops.Activities.Resilience;

namespace K8sAiops.Activities.Logs;

/// <summary>
/// Queries Loki's <c>GET /loki/api/v1/query_range</c> over an <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is Loki's URL (a path prefix is kept; a tenant goes in the client's default
/// <c>X-Scope-OrgID</c> header). A query Loki rejects raises <see cref="LokiQueryException"/> with Loki's message; an
/// unreachable server or an answer that is not the API's JSON raises <see cref="LokiException"/> naming the URL.
/// </summary>
public sealed class LokiClient(HttpClient http)
{
    /// <summary>Loki's own default for <c>limit</c>.</summary>
    public const int DefaultLimit = 100;

    /// <summary>
    /// Runs a LogQL query over [<paramref name="start"/>, <paramref name="end"/>): a log query returns up to
    /// <paramref name="limit"/> lines (the newest first when <see cref="LokiDirection.Backward"/>), a metric query
    /// returns samples every <paramref name="step"/> (Loki picks a step when null).
    /// </summary>
    public async Task<LokiResult> QueryRangeAsync(
        string query,
        DateTimeOffset start,
        DateTimeOffset end,
        int limit = DefaultLimit,
        LokiDirection direction = LokiDirection.Backward,
        TimeSpan? step = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var parameters = new List<(string Name, string Value)>
        {
            ("query", query),
            ("start", UnixNanoseconds(start)),
            ("end", UnixNanoseconds(end)),
            ("limit", limit.ToString(CultureInfo.InvariantCulture)),
            ("direction", direction == LokiDirection.Forward ? "forward" : "backward"),
        };
        if (step is { } every)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(step));
            parameters.Add(("step", ((decimal)every.TotalMilliseconds / 1000m).ToString(CultureInfo.InvariantCulture)));
        }

        var endpoint = Endpoint("loki/api/v1/query_range");
        var uri = new Uri(endpoint + "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}")));
        byte[] body;
        int status;
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (RemoteCallException e)
        {
            throw new LokiException($"Loki at {endpoint} failed: {e.Message}", endpoint, e);
        }
        catch (HttpRequestException e)
        {
            throw new LokiException($"Loki at {endpoint} could not be reached: {e.Message}", endpoint, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LokiException($"Loki at {endpoint} did not answer in time.", endpoint, e);
        }

        if (status is < 200 or >= 300)
        {
            throw new LokiQueryException(query, status, ErrorText(body), endpoint);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return LokiResponse.Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new LokiException($"Loki at {endpoint} answered {status} with something that is not JSON: {Snippet(body)}", endpoint, e);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            throw new LokiException($"Loki at {endpoint} answered in an unexpected shape ({e.Message}): {Snippet(body)}", endpoint, e);
        }
    }

    /// <summary>Nanoseconds since the Unix epoch, as Loki takes <c>start</c> and <c>end</c>.</summary>
    internal static string UnixNanoseconds(DateTimeOffset time)
        => ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private string Endpoint(string path)
    {
        var baseAddress = http.BaseAddress
            ?? throw new InvalidOperationException("The Loki HttpClient has no BaseAddress; set Collect:Loki:Url.");
        var root = baseAddress.GetLeftPart(UriPartial.Path);
        return (root.EndsWith('/') ? root : root + "/") + path;
    }

    /// <summary>Loki explains a rejected query in plain text; a JSON body's "error" or "message" is used when present.</summary>
    private static string ErrorText(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "error", "message" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(name, out var text)
                    && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Plain text, as Loki usually answers.
        }

        return Snippet(body);
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500)).Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }
}
