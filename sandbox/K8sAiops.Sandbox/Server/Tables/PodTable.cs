using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>
/// <c>kubectl get pods</c>: NAME READY STATUS RESTARTS AGE, and with <c>-o wide</c> IP NODE NOMINATED NODE READINESS GATES.
/// STATUS is worked out as the API server's pod printer does: the phase, overridden by the pod's reason, a failing init
/// container (<c>Init:…</c>), a waiting or terminated container's reason (<c>CrashLoopBackOff</c>, <c>OOMKilled</c>),
/// and <c>Terminating</c> once deletion has started.
/// </summary>
internal sealed class PodTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.AgeColumn,
        new("IP", "string", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        new("Node", "string", "NodeName is a request to schedule this pod onto a specific node.", 1),
        new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
        new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ];

    public IReadOnlyList<object> Cells(JsonElement pod, DateTimeOffset now)
    {
        var reason = pod.StringAt("status", "reason") is { Length: > 0 } podReason ? podReason : pod.StringAt("status", "phase") ?? "";

        var restarts = 0L;
        DateTimeOffset? lastRestart = null;
        var initializing = false;
        var initContainers = pod.ItemsAt("spec", "initContainers").Count();
        var index = 0;
        foreach (var container in pod.ItemsAt("status", "initContainerStatuses"))
        {
            restarts += container.IntegerAt("restartCount") ?? 0;
            lastRestart = Later(lastRestart, container.TimeAt("lastState", "terminated", "finishedAt"));
            var terminated = container.At("state", "terminated");
            var waitingReason = container.StringAt("state", "waiting", "reason");
            if (terminated is { } t && (t.IntegerAt("exitCode") ?? 0) == 0)
            {
                index++;
                continue;
            }

            if (terminated is { } failed)
            {
                reason = failed.StringAt("reason") is { Length: > 0 } r ? "Init:" + r
                    : (failed.IntegerAt("signal") ?? 0) != 0 ? F("Init:Signal:{0}", failed.IntegerAt("signal"))
                    : F("Init:ExitCode:{0}", failed.IntegerAt("exitCode"));
            }
            else if (waitingReason is { Length: > 0 } && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = F("Init:{0}/{1}", index, initContainers);
            }

            initializing = true;
            break;
        }

        var ready = 0;
        if (!initializing || HasCondition(pod, "Initialized"))
        {
            restarts = 0;
            var running = false;
            foreach (var container in pod.ItemsAt("status", "containerStatuses").Reverse())
            {
                restarts += container.IntegerAt("restartCount") ?? 0;
                lastRestart = Later(lastRestart, container.TimeAt("lastState", "terminated", "finishedAt"));
                if (container.StringAt("state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (container.At("state", "terminated") is { } terminated)
                {
                    reason = terminated.StringAt("reason") is { Length: > 0 } r ? r
                        : (terminated.IntegerAt("signal") ?? 0) != 0 ? F("Signal:{0}", terminated.IntegerAt("signal"))
                        : F("ExitCode:{0}", terminated.IntegerAt("exitCode"));
                }
                else if (container.At("ready") is { ValueKind: JsonValueKind.True } && container.At("state", "running") is not null)
                {
                    running = true;
                    ready++;
                }
            }

            if (reason == "Completed" && running)
            {
                reason = HasCondition(pod, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.StringAt("metadata", "deletionTimestamp") is not null)
        {
            reason = pod.StringAt("status", "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        var restartText = restarts != 0 && lastRestart is { } last
            ? F("{0} ({1} ago)", restarts, HumanDuration.Since(last, now))
            : restarts.ToString(CultureInfo.InvariantCulture);
        var gates = pod.ItemsAt("spec", "readinessGates").Select(g => g.StringAt("conditionType")).ToList();
        var gatesText = gates.Count == 0 ? "<none>"
            : F("{0}/{1}", gates.Count(g => HasCondition(pod, g ?? "")), gates.Count);
        return
        [
            pod.StringAt("metadata", "name") ?? "",
            F("{0}/{1}", ready, pod.ItemsAt("spec", "containers").Count()),
            reason,
            restartText,
            HumanDuration.Since(pod.TimeAt("metadata", "creationTimestamp"), now),
            pod.StringAt("status", "podIP") is { Length: > 0 } ip ? ip : "<none>",
            pod.StringAt("spec", "nodeName") is { Length: > 0 } node ? node : "<none>",
            pod.StringAt("status", "nominatedNodeName") is { Length: > 0 } nominated ? nominated : "<none>",
            gatesText,
        ];
    }

    private static bool HasCondition(JsonElement pod, string type) =>
        pod.ItemsAt("status", "conditions").Any(c => c.StringAt("type") == type && c.StringAt("status") == "True");

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string F(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
