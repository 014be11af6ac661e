using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Tests.Inspect.Metrics;

/// <summary>
/// Answers <c>/api/v1/query</c> and <c>/api/v1/query_range</c> as Prometheus does, from series the test registers per
/// PromQL text: an instant query gets a vector at its <c>time</c>, a range query a matrix evaluated at start, start + step,
/// … ≤ end from a function of the hours before the end (null for no sample). A query nobody registered answers an empty
/// result, like a series that does not exist; <see cref="Answer"/> sends a fixed status and body instead.
/// </summary>
internal sealed class FakePrometheus : HttpMessageHandler
{
    public static readonly Uri Address = new("http://prometheus.monitoring:9090/");

    private readonly Dictionary<string, List<(IReadOnlyDictionary<string, string> Labels, double Value)>> _instant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(IReadOnlyDictionary<string, string> Labels, Func<double, double?> Value)>> _range = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, string Query), (HttpStatusCode Status, string Body)> _fixed = [];

    /// <summary>Every request, as (path, query, start, end, step); the last three are empty for instant queries.</summary>
    public List<(string Path, string Query, string Time, string Start, string End, string Step)> Requests { get; } = [];

    public FakePrometheus Instant(string query, double value, params (string Name, string Value)[] labels)
    {
        (_instant.TryGetValue(query, out var list) ? list : _instant[query] = []).Add((Labels(labels), value));
        return this;
    }

    /// <param name="value">The value <c>h</c> hours before the range's end; null where the series has no sample.</param>
    public FakePrometheus Range(string query, Func<double, double?> value, params (string Name, string Value)[] labels)
    {
        (_range.TryGetValue(query, out var list) ? list : _range[query] = []).Add((Labels(labels), value));
        return this;
    }

    /// <summary>Answers <paramref name="query"/> on <paramref name="path"/> (<c>api/v1/query</c> or <c>api/v1/query_range</c>) with a fixed answer.</summary>
    public FakePrometheus Answer(string path, string query, HttpStatusCode status, string body)
    {
        _fixed[(path, query)] = (status, body);
        return this;
    }

    public PrometheusClient Client() => new(new HttpClient(this) { BaseAddress = Address });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath.TrimStart('/');
        var parameters = HttpUtility.ParseQueryString(uri.Query);
        var query = parameters["query"] ?? "";
        Requests.Add((path, query, parameters["time"] ?? "", parameters["start"] ?? "", parameters["end"] ?? "", parameters["step"] ?? ""));

        if (_fixed.TryGetValue((path, query), out var answer))
        {
            return Task.FromResult(Json(answer.Status, answer.Body));
        }

        return Task.FromResult(path switch
        {
            "api/v1/query" => Json(HttpStatusCode.OK, Vector(query, Seconds(parameters["time"]!))),
            "api/v1/query_range" => Json(
                HttpStatusCode.OK, Matrix(query, Seconds(parameters["start"]!), Seconds(parameters["end"]!), Seconds(parameters["step"]!))),
            _ => Json(HttpStatusCode.NotFound, "404 page not found"),
        });
    }

    private string Vector(string query, decimal time)
    {
        var result = _instant.GetValueOrDefault(query) ?? [];
        return Envelope("vector", result.Select(s => new Dictionary<string, object>
        {
            ["metric"] = s.Labels,
            ["value"] = new object[] { time, Format(s.Value) },
        }));
    }

    private string Matrix(string query, decimal start, decimal end, decimal step)
    {
        var series = new List<Dictionary<string, object>>();
        foreach (var (labels, value) in _range.GetValueOrDefault(query) ?? [])
        {
            var samples = new List<object[]>();
            for (var at = start; at <= end; at += step)
            {
                if (value((double)(end - at) / 3600) is { } sample)
                {
                    samples.Add([at, Format(sample)]);
                }
            }

            if (samples.Count > 0)
            {
                series.Add(new Dictionary<string, object> { ["metric"] = labels, ["values"] = samples });
            }
        }

        return Envelope("matrix", series);
    }

    private static string Envelope(string type, IEnumerable<object> result)
        => JsonSerializer.Serialize(new { status = "success", data = new { resultType = type, result } });

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static decimal Seconds(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A sample value as Prometheus writes it: shortest round-trip decimal, "NaN", "+Inf".</summary>
    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
    };

    private static Dictionary<string, string> Labels((string Name, string Value)[] labels)
        => labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal);
}
