using System.Text;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Synthetic;

namespace K8sAiops.Functions.Tests.Support;

/// <summary>Alertmanager webhook bodies for injected faults, as Alertmanager 0.25 posts them.</summary>
internal static class AlertWebhooks
{
    /// <summary>A webhook v4 body for one fault's alert; <paramref name="startsAt"/> (default 15 minutes before <paramref name="now"/>) makes a new firing.</summary>
    public static JsonObject For(InjectedFault fault, DateTimeOffset now, string status = "firing", DateTimeOffset? startsAt = null)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in fault.AlertLabels)
            labels[key] = value;
        return new JsonObject
        {
            ["receiver"] = "k8saiops",
            ["status"] = status,
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["summary"] = $"{fault.AlertLabels["alertname"]} on {fault.AlertTarget}" },
                ["startsAt"] = (startsAt ?? now.AddMinutes(-15)).ToString("O"),
                ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : now.ToString("O"),
                ["generatorURL"] = "http://prometheus:9090/graph",
                ["fingerprint"] = "4d0c5e2f9a1b3c7d",
            }),
            ["groupLabels"] = new JsonObject { ["alertname"] = fault.AlertLabels["alertname"] },
            ["commonLabels"] = labels.DeepClone(),
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093",
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"{fault.AlertLabels["alertname"]}\"}}",
            ["truncatedAlerts"] = 0,
        };
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
