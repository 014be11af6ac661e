using System.Security.Cryptography;
using System.Text;

namespace K8sAiops.Functions.Alerts;

/// <summary>
/// The orchestration instance id of an alert group: derived from Alertmanager's <c>groupKey</c> and the
/// fingerprints and <c>startsAt</c> of the group's firing alerts, so the same firing group posted again maps to the
/// same instance, while the same alerts firing again later (a new <c>startsAt</c>) get a fresh diagnosis. A group with
/// no firing alert (all resolved) maps to the id its alerts had while firing.
/// </summary>
internal static class AlertGroupIds
{
    public static string For(AlertmanagerWebhook webhook)
    {
        var firing = webhook.Alerts.Where(a => a.Status == "firing").ToList();
        var alerts = firing.Count > 0 ? firing : webhook.Alerts;
        var fingerprints = alerts.Select(a => $"{a.Fingerprint}@{a.StartsAt.ToUnixTimeMilliseconds()}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var text = webhook.GroupKey + "\n" + string.Join(",", fingerprints);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "alert-" + Convert.ToHexStringLower(hash)[..24];
    }
}
