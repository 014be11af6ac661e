using System.Globalization;
using System.Text.Json;

namespace K8sAiops.Sandbox.Tests.Metrics;

/// <summary>The Prometheus HTTP API calls the end-to-end usage tests make: instant queries, range queries and the alert list.</summary>
internal sealed class PrometheusQueries(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress };

    /// <summary>An instant query's vector: each series' labels and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql), ct));
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (Labels(r.GetProperty("metric")), Number(r.GetProperty("value")[1])))
            .ToList();
    }

    /// <summary>A range query's matrix from <paramref name="start"/> to <paramref name="end"/>: each series' labels and (unix seconds, value) points.</summary>
    public async Task<List<(Dictionary<string, string> Labels, List<(double Time, double Value)> Points)>> QueryRangeAsync(
        string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeMilliseconds() / 1000.0}&end={end.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}");
        using var json = JsonDocument.Parse(await http.GetStringAsync(url, ct));
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (Labels(r.GetProperty("metric")),
                r.GetProperty("values").EnumerateArray().Select(v => (v[0].GetDouble(), Number(v[1]))).ToList()))
            .ToList();
    }

    /// <summary>The alerts Prometheus holds now (pending or firing): labels and state.</summary>
    public async Task<List<(Dictionary<string, string> Labels, string State)>> AlertsAsync(CancellationToken ct)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/v1/alerts", ct));
        return json.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(a => (Labels(a.GetProperty("labels")), a.GetProperty("state").GetString() ?? ""))
            .ToList();
    }

    public void Dispose() => http.Dispose();

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    private static double Number(JsonElement text) => double.Parse(text.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
