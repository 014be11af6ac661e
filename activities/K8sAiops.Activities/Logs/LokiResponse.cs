using System.Globalization;
using System.Text.Json;

namespace K8sAiops.Activities.Logs;

/// <summary>
/// Reads Loki's query answer: <c>{"status":"success","data":{"resultType":"streams"|"matrix","result":[…],"stats":{…}}}</c>.
/// A stream is <c>{"stream":{labels},"values":[["&lt;ns timestamp string&gt;","&lt;line&gt;"], …]}</c> (a third element,
/// structured metadata, may follow and is not read); a matrix series is
/// <c>{"metric":{labels},"values":[[&lt;unix seconds&gt;,"&lt;value&gt;"], …]}</c>.
/// </summary>
internal static class LokiResponse
{
    public static LokiResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || !status.ValueEquals("success"))
        {
            throw new FormatException("the answer has no \"status\":\"success\"");
        }

        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the answer has no \"data.result\" array");
        }

        var type = data.TryGetProperty("resultType", out var resultType) ? resultType.GetString() : null;
        return type switch
        {
            "streams" => new LokiResult(LokiResultType.Streams, [.. result.EnumerateArray().Select(Stream)], []),
            "matrix" => new LokiResult(LokiResultType.Matrix, [], [.. result.EnumerateArray().Select(Series)]),
            _ => throw new FormatException($"unexpected resultType '{type}'"),
        };
    }

    private static LokiStream Stream(JsonElement item)
    {
        var entries = new List<LokiEntry>();
        foreach (var value in Values(item))
        {
            var nanoseconds = long.Parse(value[0].GetString() ?? throw new FormatException("a timestamp is not a string"), NumberStyles.None, CultureInfo.InvariantCulture);
            entries.Add(new LokiEntry(nanoseconds, value[1].GetString() ?? ""));
        }

        return new LokiStream(Labels(item, "stream"), entries);
    }

    private static LokiSeries Series(JsonElement item)
    {
        var samples = new List<LokiSample>();
        foreach (var value in Values(item))
        {
            var seconds = value[0].GetDecimal();
            var sample = value[1].GetString() ?? throw new FormatException("a sample value is not a string");
            samples.Add(new LokiSample(
                DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m)),
                ParseValue(sample)));
        }

        return new LokiSeries(Labels(item, "metric"), samples);
    }

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static IEnumerable<JsonElement> Values(JsonElement item)
        => item.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray()
            : [];

    private static Dictionary<string, string> Labels(JsonElement item, string property)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty(property, out var set) && set.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in set.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return labels;
    }
}
