using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's <c>kube_resourcequota</c>: one series per resource in <c>status.hard</c> (type hard) and <c>status.used</c> (type used).</summary>
internal static class QuotaMetrics
{
    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> quotas)
    {
        var family = w.Gauge("kube_resourcequota", "[STABLE] Information about resource quota.");
        foreach (var q in quotas)
        {
            foreach (var type in new[] { "hard", "used" })
            {
                if (q.Json.At("status", type) is not { ValueKind: JsonValueKind.Object } resources)
                {
                    continue;
                }

                foreach (var resource in resources.EnumerateObject())
                {
                    var text = resource.Value.ValueKind == JsonValueKind.String ? resource.Value.GetString() : resource.Value.GetRawText();
                    if (Quantity.Parse(text) is { } value)
                    {
                        family.Add(value, ("namespace", q.Namespace), ("resourcequota", q.Name), ("resource", resource.Name), ("type", type));
                    }
                }
            }
        }
    }
}
