using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Controllers;

/// <summary>Core v1 Events that the simulated controllers, scheduler and kubelet record, timed by the transaction's clock.</summary>
internal static class EventRecorder
{
    public static void Normal(StoreTransaction tx, StoredObject involved, string reason, string message, string component, string? host = null, string? fieldPath = null) =>
        Record(tx, involved, "Normal", reason, message, component, host, fieldPath);

    public static void Warning(StoreTransaction tx, StoredObject involved, string reason, string message, string component, string? host = null, string? fieldPath = null) =>
        Record(tx, involved, "Warning", reason, message, component, host, fieldPath);

    private static void Record(StoreTransaction tx, StoredObject involved, string type, string reason, string message, string component, string? host, string? fieldPath)
    {
        var now = tx.Now;
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        var name = involved.Name + "." + nanos.ToString("x", CultureInfo.InvariantCulture);
        while (tx.Get(ResourceKinds.Event, involved.Namespace, name) is not null)
        {
            nanos++;
            name = involved.Name + "." + nanos.ToString("x", CultureInfo.InvariantCulture);
        }

        var source = new JsonObject { ["component"] = component };
        if (host is not null)
        {
            source["host"] = host;
        }

        var ev = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = involved.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = involved.Kind.Kind,
                ["namespace"] = involved.Namespace,
                ["name"] = involved.Name,
                ["uid"] = involved.Uid,
                ["apiVersion"] = involved.Kind.ApiVersion,
                ["resourceVersion"] = involved.ResourceVersion.ToString(CultureInfo.InvariantCulture),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = source,
            ["firstTimestamp"] = Json.FormatTime(now),
            ["lastTimestamp"] = Json.FormatTime(now),
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = host ?? "",
        };
        if (fieldPath is not null)
        {
            ev["involvedObject"]!["fieldPath"] = fieldPath;
        }

        ObjectDefaults.Apply(ResourceKinds.Event, ev, now);
        tx.Put(ResourceKinds.Event, ev);
    }
}
