using K8sAiops.Activities.Metrics;

namespace K8sAiops.Activities.Inspect.Metrics;

/// <summary>Reading query answers by the labels that name an object.</summary>
internal static class SeriesValues
{
    /// <summary>The series' label, or null when it is missing or empty.</summary>
    public static string? Label(this PrometheusSeries series, string name)
        => series.Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The latest finite value of each series that has every label in <paramref name="key"/>, by those labels joined with '/'.</summary>
    public static Dictionary<string, double> Latest(IEnumerable<PrometheusSeries>? series, params string[] key)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var one in series ?? [])
        {
            if (KeyOf(one, key) is { } name && LatestValue(one) is { } latest)
            {
                values[name] = latest;
            }
        }

        return values;
    }

    /// <summary>Each series that has every label in <paramref name="key"/>, by those labels joined with '/'.</summary>
    public static Dictionary<string, PrometheusSeries> ByKey(IEnumerable<PrometheusSeries>? series, params string[] key)
    {
        var byKey = new Dictionary<string, PrometheusSeries>(StringComparer.Ordinal);
        foreach (var one in series ?? [])
        {
            if (KeyOf(one, key) is { } name)
            {
                byKey[name] = one;
            }
        }

        return byKey;
    }

    /// <summary>The series' last finite value, or null when it has none.</summary>
    public static double? LatestValue(PrometheusSeries series)
    {
        for (var i = series.Samples.Count - 1; i >= 0; i--)
        {
            if (double.IsFinite(series.Samples[i].Value))
            {
                return series.Samples[i].Value;
            }
        }

        return null;
    }

    public static string? KeyOf(PrometheusSeries series, string[] key)
    {
        var parts = new string[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            if (series.Label(key[i]) is not { } value)
            {
                return null;
            }

            parts[i] = value;
        }

        return string.Join('/', parts);
    }
}
