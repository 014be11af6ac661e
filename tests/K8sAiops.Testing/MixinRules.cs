using System.Globalization;
using System.Text.RegularExpressions;

namespace K8sAiops.Testing;

/// <summary>
/// The kubernetes-mixin rules of <c>infra/prometheus/kubernetes-mixin-rules.yaml</c>, rewritten for tests so that alerts
/// fire within seconds: every <c>for:</c> becomes <c>forDuration</c> and every range selector longer than
/// <c>maxRange</c> (<c>[15m]</c>, <c>[10m]</c>, <c>[5m]</c>, <c>[6h]</c>) becomes <c>maxRange</c>. Nothing else changes.
/// </summary>
public static partial class MixinRules
{
    /// <summary>The production rule file in the repository.</summary>
    public static string SourceFile => Path.Combine(RepoPaths.Root, "infra", "prometheus", "kubernetes-mixin-rules.yaml");

    /// <summary>Rewrites <paramref name="yaml"/> (a Prometheus rule file) as described on the class.</summary>
    public static string Shorten(string yaml, TimeSpan forDuration, TimeSpan maxRange)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var withFor = ForLine().Replace(yaml, m => m.Groups["indent"].Value + "for: " + AlertmanagerServer.Duration(forDuration));
        return RangeSelector().Replace(withFor, m =>
        {
            var range = Parse(m.Groups["n"].Value, m.Groups["unit"].Value);
            return range > maxRange ? "[" + AlertmanagerServer.Duration(maxRange) + "]" : m.Value;
        });
    }

    /// <summary>
    /// Writes the shortened rules into <paramref name="directory"/> and returns the file's path, for
    /// <see cref="PrometheusServerOptions.RuleFiles"/>. Defaults: <c>for: 0ms</c>, ranges at most 30 s.
    /// </summary>
    public static string WriteShortened(string directory, TimeSpan? forDuration = null, TimeSpan? maxRange = null)
    {
        var path = Path.Combine(directory, "kubernetes-mixin-rules.test.yaml");
        File.WriteAllText(path, Shorten(File.ReadAllText(SourceFile), forDuration ?? TimeSpan.Zero, maxRange ?? TimeSpan.FromSeconds(30)));
        return path;
    }

    private static TimeSpan Parse(string number, string unit)
    {
        var n = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            _ => TimeSpan.FromDays(365 * n),
        };
    }

    [GeneratedRegex(@"^(?<indent>\s*)for:\s*\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex ForLine();

    [GeneratedRegex(@"\[(?<n>\d+)(?<unit>ms|s|m|h|d|w|y)\]")]
    private static partial Regex RangeSelector();
}
