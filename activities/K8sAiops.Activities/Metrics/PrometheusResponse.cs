using System.Globalization;
using System.Text.Json;

namespace K8sAiops.Activities.Metrics;

/// <summary>
/// Reads Prometheus' HTTP API envelope: <c>{"status":"success"|"error","data":{"resultType":…,"result":…},
/// "errorType":…,"error":…,"warnings":[…],"infos":[…]}</c>. Timestamps are Unix seconds with a fraction; sample values
/// are strings so that NaN, +Inf and -Inf survive JSON.
/// </summary>
internal static class PrometheusResponse
{
    /// <summary>The error an answer reports, when it is Prometheus' error envelope.</summary>
    public static (string ErrorType, string Error)? ReadError(JsonElement root)
        => root.ValueKind == JsonValueKind.Object
           && root.TryGetProperty("status", out var status)
           && status.ValueEquals("error")
            ? (String(root, "errorType") ?? "unknown", String(root, "error") ?? "(no message)")
            : null;

    /// <summary>The result of a successful answer; throws <see cref="FormatException"/> when it is not in the documented shape.</summary>
    public static PrometheusResult ReadResult(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || !status.ValueEquals("success"))
        {
            throw new FormatException("the answer has no \"status\":\"success\"");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the answer has no \"data\" object");
        }

        var type = String(data, "resultType") switch
        {
            "vector" => PrometheusResultType.Vector,
            "matrix" => PrometheusResultType.Matrix,
            "scalar" => PrometheusResultType.Scalar,
            "string" => PrometheusResultType.String,
            var other => throw new FormatException($"unknown resultType '{other}'"),
        };
        if (!data.TryGetProperty("result", out var result))
        {
            throw new FormatException("the answer has no \"data.result\"");
        }

        var warnings = Strings(root, "warnings");
        var infos = Strings(root, "infos");
        return type switch
        {
            PrometheusResultType.Vector => new(type, Series(result, "value", single: true), null, null, warnings, infos),
            PrometheusResultType.Matrix => new(type, Series(result, "values", single: false), null, null, warnings, infos),
            PrometheusResultType.Scalar => new(type, [], Sample(result), null, warnings, infos),
            _ => new(type, [], null, (Timestamp(result[0]), result[1].GetString() ?? ""), warnings, infos),
        };
    }

    /// <summary>Parses a sample value as Prometheus writes it: a decimal or exponent number, NaN, +Inf, -Inf.</summary>
    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static List<PrometheusSeries> Series(JsonElement result, string samplesProperty, bool single)
    {
        var series = new List<PrometheusSeries>(result.GetArrayLength());
        foreach (var item in result.EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (item.TryGetProperty("metric", out var metric))
            {
                foreach (var label in metric.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString() ?? "";
                }
            }

            var samples = new List<PrometheusSample>();
            if (item.TryGetProperty(samplesProperty, out var values))
            {
                if (single)
                {
                    samples.Add(Sample(values));
                }
                else
                {
                    foreach (var value in values.EnumerateArray())
                    {
                        samples.Add(Sample(value));
                    }
                }
            }

            series.Add(new PrometheusSeries(labels, samples));
        }

        return series;
    }

    private static PrometheusSample Sample(JsonElement pair)
        => new(Timestamp(pair[0]), ParseValue(pair[1].GetString() ?? throw new FormatException("a sample value is not a string")));

    private static DateTimeOffset Timestamp(JsonElement seconds)
        => DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds.GetDecimal() * 1000m));

    private static string? String(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, string property)
        => element.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];
}
