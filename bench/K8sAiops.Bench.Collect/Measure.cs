using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Bench.Collect;

/// <summary>One scenario's result: the collector's median time, the bare replay's median time, and their ratio.</summary>
internal sealed class Comparison
{
    public required string Scenario { get; init; }
    public required int Runs { get; init; }
    public required int Requests { get; init; }
    public required double CollectorMedianMs { get; init; }
    public required double RawMedianMs { get; init; }
    public Dictionary<string, object> Extra { get; } = [];

    public string ToJson()
    {
        var fields = new Dictionary<string, object>
        {
            ["scenario"] = Scenario,
            ["runs"] = Runs,
            ["apiRequests"] = Requests,
            ["collectorMedianMs"] = Math.Round(CollectorMedianMs, 2),
            ["rawHttpClientMedianMs"] = Math.Round(RawMedianMs, 2),
            ["ratio"] = Math.Round(CollectorMedianMs / RawMedianMs, 2),
        };
        foreach (var (key, value) in Extra)
            fields[key] = value;
        return JsonSerializer.Serialize(fields);
    }
}

internal static class Measure
{
    /// <summary>
    /// Times <paramref name="collect"/> <paramref name="runs"/> times (after two warm-ups), records the requests its
    /// last run made in the sandbox's journal, then times a bare HttpClient making exactly those requests, one after
    /// another, reading each body to its end, as many times.
    /// </summary>
    public static async Task<Comparison> CompareAsync(string name, int runs, SandboxServer sandbox, HttpClient raw, Func<Task> collect)
    {
        Console.Error.WriteLine($"running {name} ...");
        for (var i = 0; i < 2; i++)
            await collect();

        var collectorTimes = new List<double>();
        IReadOnlyList<SandboxRequest> requests = [];
        for (var i = 0; i < runs; i++)
        {
            sandbox.Requests.Clear();
            var clock = Stopwatch.StartNew();
            await collect();
            collectorTimes.Add(clock.Elapsed.TotalMilliseconds);
            requests = sandbox.Requests.Snapshot();
        }

        var rawTimes = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var request in requests)
            {
                var uri = request.Query.Length == 0 ? request.Path : $"{request.Path}?{request.Query}";
                using var response = await raw.SendAsync(new HttpRequestMessage(new HttpMethod(request.Method), uri.TrimStart('/')));
                await response.Content.ReadAsByteArrayAsync();
            }
            if (i >= 2)
                rawTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        return new Comparison
        {
            Scenario = name,
            Runs = runs,
            Requests = requests.Count,
            CollectorMedianMs = Median(collectorTimes),
            RawMedianMs = Median(rawTimes),
        };
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
