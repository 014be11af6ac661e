using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Behaviour;

/// <summary>The memory a JVM is told it may use: <c>-Xmx</c> and <c>-XX:MaxRAM=</c> in a container's env values, command or args.</summary>
internal static partial class JvmMemory
{
    /// <summary>The largest <c>-Xmx</c> or <c>-XX:MaxRAM</c> in bytes, or null when the container sets neither.</summary>
    public static double? MaxBytes(JsonObject container)
    {
        var texts = new List<string>();
        foreach (var field in new[] { "command", "args" })
        {
            texts.AddRange((container[field] as JsonArray ?? []).Select(item => item.StringAt()).OfType<string>());
        }

        texts.AddRange((container["env"] as JsonArray ?? []).Select(e => e.StringAt("value")).OfType<string>());
        double? max = null;
        foreach (Match match in texts.SelectMany(t => Option().Matches(t)))
        {
            var bytes = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) * match.Groups["unit"].Value.ToUpperInvariant() switch
            {
                "K" => 1024d,
                "M" => 1024d * 1024,
                "G" => 1024d * 1024 * 1024,
                "T" => 1024d * 1024 * 1024 * 1024,
                _ => 1d,
            };
            max = Math.Max(max ?? 0, bytes);
        }

        return max;
    }

    [GeneratedRegex(@"(?:-Xmx|-XX:MaxRAM=)(?<n>\d+)(?<unit>[kKmMgGtT]?)\b")]
    private static partial Regex Option();
}
