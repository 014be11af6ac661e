using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Selectors;

/// <summary>A <c>LabelSelector</c> object (or a plain map, as ReplicationControllers have) in the string form selectors are written in, requirements sorted by key.</summary>
internal static class SelectorText
{
    public static string Format(JsonElement? selector)
    {
        if (selector is not { ValueKind: JsonValueKind.Object } s)
        {
            return "";
        }

        var terms = new List<(string Key, string Text)>();
        var isLabelSelector = s.TryGetProperty("matchLabels", out _) || s.TryGetProperty("matchExpressions", out _);
        var map = isLabelSelector ? s.At("matchLabels") : s;
        if (map is { ValueKind: JsonValueKind.Object } labels)
        {
            terms.AddRange(labels.EnumerateObject().Select(p => (p.Name, p.Name + "=" + p.Value.GetString())));
        }

        foreach (var expression in s.ItemsAt("matchExpressions"))
        {
            var key = expression.StringAt("key") ?? "";
            var values = string.Join(",", expression.ItemsAt("values").Select(v => v.GetString()).Order(StringComparer.Ordinal));
            terms.Add((key, expression.StringAt("operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => key,
            }));
        }

        return string.Join(",", terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Text));
    }

    /// <summary>The selector of <paramref name="selector"/> as a <see cref="LabelSelector"/> (an empty or missing one selects nothing, as for workloads).</summary>
    public static LabelSelector? ToSelector(JsonElement? selector)
    {
        var text = Format(selector);
        return text.Length == 0 ? null : LabelSelector.Parse(text);
    }
}
