using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Tests.AnalyzeRules.Support;

/// <summary>Alertmanager 0.25 webhook (version 4) bodies holding one alert, as kube-prometheus-stack sends them.</summary>
internal static class WebhookBodies
{
    public static JsonObject Body(IReadOnlyDictionary<string, string> labels, string status, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var alertname = labels["alertname"];
        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        JsonObject Labels() => new(sorted.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        var annotations = new JsonObject
        {
            ["runbook_url"] = $"https://runbooks.prometheus-operator.dev/runbooks/kubernetes/{alertname.ToLowerInvariant()}",
            ["summary"] = $"{alertname} for {string.Join(", ", sorted.Where(l => l.Key is "namespace" or "pod" or "deployment" or "statefulset" or "node" or "job_name" or "persistentvolumeclaim" or "horizontalpodautoscaler").Select(l => $"{l.Key}={l.Value}"))}",
        };
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", sorted.Select(l => $"{l.Key}={l.Value}")))))[..16];
        var alert = new JsonObject
        {
            ["status"] = status,
            ["labels"] = Labels(),
            ["annotations"] = annotations.DeepClone(),
            ["startsAt"] = startsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = endsAt is { } end ? end.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z",
            ["generatorURL"] = $"http://kube-prometheus-stack-prometheus.monitoring:9090/graph?g0.expr=ALERTS%7Balertname%3D%22{alertname}%22%7D&g0.tab=1",
            ["fingerprint"] = fingerprint,
        };
        return new JsonObject
        {
            ["receiver"] = "k8saiops",
            ["status"] = status,
            ["alerts"] = new JsonArray(alert),
            ["groupLabels"] = new JsonObject { ["alertname"] = alertname },
            ["commonLabels"] = Labels(),
            ["commonAnnotations"] = annotations,
            ["externalURL"] = "http://kube-prometheus-stack-alertmanager.monitoring:9093",
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"{alertname}\"}}",
            ["truncatedAlerts"] = 0,
        };
    }
}
