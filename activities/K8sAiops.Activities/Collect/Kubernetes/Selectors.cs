using k8s.Models;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>Label selectors: formatting for the API's <c>labelSelector</c> and matching labels locally.</summary>
internal static class Selectors
{
    /// <summary>A <see cref="V1LabelSelector"/> as a <c>labelSelector</c> query value; null when it selects nothing in particular.</summary>
    public static string? Format(V1LabelSelector? selector)
    {
        if (selector is null)
            return null;
        var parts = new List<string>();
        if (selector.MatchLabels is { } labels)
            parts.AddRange(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var values = string.Join(",", expression.Values ?? []);
            parts.Add(expression.OperatorProperty switch
            {
                "In" => $"{expression.Key} in ({values})",
                "NotIn" => $"{expression.Key} notin ({values})",
                "Exists" => expression.Key,
                "DoesNotExist" => $"!{expression.Key}",
                _ => throw new ArgumentException($"unknown label selector operator '{expression.OperatorProperty}'"),
            });
        }
        return parts.Count == 0 ? null : string.Join(",", parts);
    }

    /// <summary>An equality selector (a Service's or ReplicationController's) as a <c>labelSelector</c> value.</summary>
    public static string? Format(IDictionary<string, string>? matchLabels) =>
        matchLabels is null || matchLabels.Count == 0
            ? null
            : string.Join(",", matchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>True when every pair of <paramref name="selector"/> is among <paramref name="labels"/> (a Service's rule).</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
