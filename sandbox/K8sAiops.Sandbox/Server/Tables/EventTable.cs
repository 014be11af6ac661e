using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary><c>kubectl get events</c>: LAST SEEN TYPE REASON OBJECT MESSAGE (wide: SUBOBJECT SOURCE FIRST SEEN COUNT NAME).</summary>
internal sealed class EventTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future."),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "The subobject of the involved object, e.g. a container.", 1),
        new("Source", "string", "The component reporting this event.", 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded.", 1),
        new("Count", "integer", "The number of times this event has occurred.", 1),
        new("Name", "string", "Name of the event.", 1, "name"),
    ];

    public IReadOnlyList<object> Cells(JsonElement e, DateTimeOffset now)
    {
        var first = e.TimeAt("firstTimestamp") ?? e.TimeAt("eventTime");
        var last = e.TimeAt("series", "lastObservedTime") ?? e.TimeAt("lastTimestamp") ?? first;
        var count = e.IntegerAt("series", "count") ?? e.IntegerAt("count") ?? 1;
        var kind = (e.StringAt("involvedObject", "kind") ?? "").ToLowerInvariant();
        var target = e.StringAt("involvedObject", "name") is { Length: > 0 } name ? kind + "/" + name : kind;
        var source = e.StringAt("source", "component") ?? e.StringAt("reportingComponent") ?? "";
        if (e.StringAt("source", "host") is { Length: > 0 } host)
        {
            source += ", " + host;
        }

        return
        [
            HumanDuration.Since(last, now),
            e.StringAt("type") ?? "",
            e.StringAt("reason") ?? "",
            target,
            e.StringAt("involvedObject", "fieldPath") ?? "",
            source,
            (e.StringAt("message") ?? "").Trim(),
            HumanDuration.Since(first, now),
            count == 0 ? 1 : count,
            e.StringAt("metadata", "name") ?? "",
        ];
    }
}
