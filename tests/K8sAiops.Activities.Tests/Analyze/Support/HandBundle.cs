using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Activities.Analyze;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Tests.AnalyzeRules.Support;

/// <summary>A bundle written by hand for focused rule tests: objects, events, logs and notes numbered in the order added.</summary>
internal sealed class HandBundle(ResourceRef target)
{
    public static readonly DateTimeOffset Now = DiagnosisFixture.Now;

    private readonly List<EvidenceObject> _objects = [];
    private readonly List<EvidenceEvent> _events = [];
    private readonly List<EvidenceLog> _logs = [];
    private readonly List<CollectorNote> _notes = [];
    private int _next;

    private string NextId() => $"ev-{++_next}";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public HandBundle Object(string kind, string ns, string name, EvidenceRole role, JsonObject body, string? ownerKind = null, string? ownerName = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (ownerKind is not null)
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = ownerKind, ["name"] = ownerName, ["controller"] = true });
        body["kind"] = kind;
        body["metadata"] = metadata;
        _objects.Add(new EvidenceObject { Id = NextId(), Ref = new ResourceRef(kind, ns, name), Role = role, Object = body });
        return this;
    }

    /// <summary>A pod of Deployment <paramref name="deployment"/> (through ReplicaSet <c>deployment-abc12</c>) with one container status.</summary>
    public HandBundle Pod(string ns, string name, string deployment, string phase, JsonObject containerStatus, EvidenceRole role = EvidenceRole.Target,
        JsonObject? initStatus = null, JsonObject? spec = null) =>
        Object("Pod", ns, name, role, new JsonObject
        {
            ["spec"] = spec ?? new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = containerStatus["name"]?.GetValue<string>() }) },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["containerStatuses"] = new JsonArray(containerStatus),
                ["initContainerStatuses"] = initStatus is null ? new JsonArray() : new JsonArray(initStatus),
            },
        }, "ReplicaSet", $"{deployment}-abc12");

    public HandBundle Event(ResourceRef about, string type, string reason, string message, DateTimeOffset last, int count = 1)
    {
        _events.Add(new EvidenceEvent { Id = NextId(), InvolvedObject = about, Type = type, Reason = reason, Message = message, Count = count, FirstTimestamp = last, LastTimestamp = last });
        return this;
    }

    public HandBundle Log(ResourceRef pod, string container, bool previous, params string[] errorLines)
    {
        _logs.Add(new EvidenceLog { Id = NextId(), Pod = pod, Container = container, Previous = previous, ErrorLines = [.. errorLines] });
        return this;
    }

    public HandBundle Note(string source, string text, NoteSeverity severity)
    {
        _notes.Add(new CollectorNote { Id = NextId(), Source = source, Text = text, Severity = severity });
        return this;
    }

    public EvidenceBundle Build() => new()
    {
        Target = target, Cluster = "hand", CollectedAt = Now,
        Objects = _objects, Events = _events, Logs = _logs, Notes = _notes,
    };

    public static AlertInfo Firing(string alertname = "KubePodNotReady") =>
        new("firing", new Dictionary<string, string> { ["alertname"] = alertname }, new Dictionary<string, string>(), Now.AddMinutes(-25));

    public static JsonObject Waiting(string container, string reason, string? lastReason = null, int exitCode = 1, int restarts = 5, DateTimeOffset? finished = null) => new()
    {
        ["name"] = container,
        ["ready"] = false,
        ["restartCount"] = restarts,
        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } },
        ["lastState"] = lastReason is null ? new JsonObject() : new JsonObject
        {
            ["terminated"] = new JsonObject { ["reason"] = lastReason, ["exitCode"] = exitCode, ["finishedAt"] = Time(finished ?? Now.AddMinutes(-2)) },
        },
    };

    public static JsonObject RunningReady(string container, int restarts = 0, DateTimeOffset? lastCrash = null) => new()
    {
        ["name"] = container,
        ["ready"] = true,
        ["restartCount"] = restarts,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(Now.AddDays(-3)) } },
        ["lastState"] = lastCrash is null ? new JsonObject() : new JsonObject
        {
            ["terminated"] = new JsonObject { ["reason"] = "Error", ["exitCode"] = 1, ["finishedAt"] = Time(lastCrash.Value) },
        },
    };
}
