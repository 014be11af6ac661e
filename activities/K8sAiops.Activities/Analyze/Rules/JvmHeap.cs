using System.Globalization;
using System.Text.RegularExpressions;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>Reads a JVM's heap maximum (<c>-Xmx1g</c>, <c>-Xmx768m</c>, <c>-XX:MaxHeapSize=2147483648</c>) from its flags.</summary>
internal static partial class JvmHeap
{
    /// <summary>The last heap maximum set in <paramref name="texts"/> (the JVM takes the last flag), in bytes; null when none.</summary>
    public static long? Maximum(IEnumerable<string?> texts)
    {
        long? found = null;
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
                continue;
            foreach (Match match in Flag().Matches(text))
            {
                if (!long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    continue;
                var factor = match.Groups["u"].Value.ToLowerInvariant() switch
                {
                    "k" => 1L << 10,
                    "m" => 1L << 20,
                    "g" => 1L << 30,
                    "t" => 1L << 40,
                    _ => 1L,
                };
                if (n < long.MaxValue / factor)
                    found = n * factor;
            }
        }
        return found;
    }

    [GeneratedRegex(@"(?:^|\s)-(?:Xmx|XX:MaxHeapSize=)(?<n>\d{1,15})(?<u>[kKmMgGtT]?)(?=\s|$)")]
    private static partial Regex Flag();
}
