using System.Text.Json.Nodes;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Analyze.Rules;

/// <summary>One container status of a pod in the bundle, with the fields the rules read.</summary>
internal sealed record ContainerView(EvidenceObject Pod, JsonObject Status, bool Init)
{
    public string Name => Json.Str(Status, "name") ?? "";

    public string? WaitingReason => Json.Str(Status, "state", "waiting", "reason");

    public string? WaitingMessage => Json.Str(Status, "state", "waiting", "message");

    /// <summary>The reason of the current or else the last termination.</summary>
    public string? TerminatedReason => Json.Str(Status, "state", "terminated", "reason") ?? Json.Str(Status, "lastState", "terminated", "reason");

    public long? ExitCode => Json.Long(Status, "state", "terminated", "exitCode") ?? Json.Long(Status, "lastState", "terminated", "exitCode");

    public string? TerminatedMessage => Json.Str(Status, "state", "terminated", "message") ?? Json.Str(Status, "lastState", "terminated", "message");

    public DateTimeOffset? FinishedAt => Json.Time(Status, "state", "terminated", "finishedAt") ?? Json.Time(Status, "lastState", "terminated", "finishedAt");

    public long Restarts => Json.Long(Status, "restartCount") ?? 0;

    public bool Ready => Json.Str(Status, "ready") == "true";

    public bool Running => Json.At(Status, "state", "running") is not null;

    /// <summary>
    /// True when the container is in trouble now: waiting, not ready, or terminated since <paramref name="horizon"/> (a
    /// container that is killed every half hour may be up right now). One that crashed days ago and has run ready since is
    /// not (a red herring).
    /// </summary>
    public bool TroubledSince(DateTimeOffset horizon) =>
        !(Running && Ready) || (FinishedAt is { } finished && finished >= horizon);

    /// <summary>The container's spec in the pod (<c>spec.containers</c> or <c>spec.initContainers</c>).</summary>
    public JsonObject? Spec => Json.Array(Pod.Object, "spec", Init ? "initContainers" : "containers").FirstOrDefault(c => Json.Str(c, "name") == Name);

    public string? MemoryLimit => Json.Str(Spec, "resources", "limits", "memory");

    /// <summary>
    /// The JVM heap maximum the container asks for (<c>-Xmx</c> in its command, args or environment values, e.g.
    /// <c>JAVA_OPTS</c>), in bytes; null when it sets none.
    /// </summary>
    public long? HeapMaximumBytes => JvmHeap.Maximum(
        Strings(Json.At(Spec, "command")).Concat(Strings(Json.At(Spec, "args")))
            .Concat(Json.Array(Spec, "env").Select(e => Json.Str(e, "value"))));

    private static IEnumerable<string?> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null) : [];
}
