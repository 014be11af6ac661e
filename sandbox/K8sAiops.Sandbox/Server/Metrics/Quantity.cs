using System.Globalization;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>Kubernetes resource quantities (<c>500m</c>, <c>2Gi</c>, <c>1e3</c>) as the plain numbers KSM exports (MilliValue / 1000).</summary>
internal static class Quantity
{
    private static readonly (string Suffix, double Factor)[] Suffixes =
    [
        ("Ki", 1024d), ("Mi", Math.Pow(1024, 2)), ("Gi", Math.Pow(1024, 3)), ("Ti", Math.Pow(1024, 4)), ("Pi", Math.Pow(1024, 5)), ("Ei", Math.Pow(1024, 6)),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ];

    /// <summary>The quantity's value, rounded up to a thousandth as <c>MilliValue()</c> does; null when it does not parse.</summary>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && Number(text[..^suffix.Length]) is { } number)
            {
                return Milli(number * factor);
            }
        }

        return Number(text) is { } plain ? Milli(plain) : null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double Milli(double value) => Math.Ceiling(Math.Round(value * 1000, 6)) / 1000;
}
