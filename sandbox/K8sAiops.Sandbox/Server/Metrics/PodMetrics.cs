using System.Text.Json;
using K8sAiops.Sandbox.Server.Store;

namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>KSM's pod families (<c>internal/store/pod.go</c>): default labels namespace, pod, uid.</summary>
internal static class PodMetrics
{
    private static readonly string[] Phases = ["Pending", "Succeeded", "Failed", "Unknown", "Running"];

    public static void Write(ExpositionWriter w, IReadOnlyList<StoredObject> pods, Func<string?, long> extraRestarts)
    {
        var info = w.Gauge("kube_pod_info", "[STABLE] Information about pod.");
        foreach (var p in pods)
        {
            var controller = Owners(p.Json).FirstOrDefault(o => o.IsController == "true");
            info.Add(1, [.. Id(p),
                ("host_ip", p.Json.StringAt("status", "hostIP") ?? ""), ("pod_ip", p.Json.StringAt("status", "podIP") ?? ""),
                ("node", p.Json.StringAt("spec", "nodeName") ?? ""),
                ("created_by_kind", controller.Kind ?? "<none>"), ("created_by_name", controller.Name ?? "<none>"),
                ("priority_class", p.Json.StringAt("spec", "priorityClassName") ?? ""),
                ("host_network", p.Json.At("spec", "hostNetwork") is { ValueKind: JsonValueKind.True } ? "true" : "false")]);
        }

        var phase = w.Gauge("kube_pod_status_phase", "[STABLE] The pods current phase.");
        foreach (var p in pods)
        {
            if (p.Json.StringAt("status", "phase") is { Length: > 0 } current)
            {
                foreach (var candidate in Phases)
                {
                    phase.Add(candidate == current ? 1 : 0, [.. Id(p), ("phase", candidate)]);
                }
            }
        }

        var ready = w.Gauge("kube_pod_status_ready", "[STABLE] Describes whether the pod is ready to serve requests.");
        foreach (var p in pods)
        {
            foreach (var condition in p.Json.ItemsAt("status", "conditions").Where(c => c.StringAt("type") == "Ready"))
            {
                ready.AddStatusAsCondition(condition.StringAt("status"), Id(p));
            }
        }

        var scheduled = w.Gauge("kube_pod_status_scheduled", "[STABLE] Describes the status of the scheduling process for the pod.");
        foreach (var p in pods)
        {
            foreach (var condition in p.Json.ItemsAt("status", "conditions").Where(c => c.StringAt("type") == "PodScheduled"))
            {
                scheduled.AddStatusAsCondition(condition.StringAt("status"), Id(p));
            }
        }

        var owner = w.Gauge("kube_pod_owner", "[STABLE] Information about the Pod's owner.");
        foreach (var p in pods)
        {
            var owners = Owners(p.Json).ToList();
            if (owners.Count == 0)
            {
                owner.Add(1, [.. Id(p), ("owner_kind", ""), ("owner_name", ""), ("owner_is_controller", "")]);
            }

            foreach (var o in owners)
            {
                owner.Add(1, [.. Id(p), ("owner_kind", o.Kind ?? ""), ("owner_name", o.Name ?? ""), ("owner_is_controller", o.IsController)]);
            }
        }

        ContainerFamilies(w, pods, extraRestarts);
    }

    private static void ContainerFamilies(ExpositionWriter w, IReadOnlyList<StoredObject> pods, Func<string?, long> extraRestarts)
    {
        var restarts = w.Counter("kube_pod_container_status_restarts_total", "[STABLE] The number of container restarts per container.");
        foreach (var (p, c) in Containers(pods))
        {
            var extra = extraRestarts(c.StringAt("state", "waiting", "reason"));
            restarts.Add((c.IntegerAt("restartCount") ?? 0) + extra, [.. Id(p), ("container", Name(c))]);
        }

        var ready = w.Gauge("kube_pod_container_status_ready", "[STABLE] Describes whether the containers readiness check succeeded.");
        foreach (var (p, c) in Containers(pods))
        {
            ready.Add(c.At("ready") is { ValueKind: JsonValueKind.True } ? 1 : 0, [.. Id(p), ("container", Name(c))]);
        }

        var waiting = w.Gauge("kube_pod_container_status_waiting", "[STABLE] Describes whether the container is currently in waiting state.");
        foreach (var (p, c) in Containers(pods))
        {
            waiting.Add(c.At("state", "waiting") is { ValueKind: JsonValueKind.Object } ? 1 : 0, [.. Id(p), ("container", Name(c))]);
        }

        var waitingReason = w.Gauge("kube_pod_container_status_waiting_reason", "[STABLE] Describes the reason the container is currently in waiting state.");
        foreach (var (p, c) in Containers(pods))
        {
            if (c.StringAt("state", "waiting", "reason") is { Length: > 0 } reason)
            {
                waitingReason.Add(1, [.. Id(p), ("container", Name(c)), ("reason", reason)]);
            }
        }

        var terminatedReason = w.Gauge("kube_pod_container_status_terminated_reason", "Describes the reason the container is currently in terminated state.");
        foreach (var (p, c) in Containers(pods))
        {
            if (c.StringAt("state", "terminated", "reason") is { Length: > 0 } reason)
            {
                terminatedReason.Add(1, [.. Id(p), ("container", Name(c)), ("reason", reason)]);
            }
        }

        var lastTerminatedReason = w.Gauge("kube_pod_container_status_last_terminated_reason", "Describes the last reason the container was in terminated state.");
        foreach (var (p, c) in Containers(pods))
        {
            if (c.StringAt("lastState", "terminated", "reason") is { Length: > 0 } reason)
            {
                lastTerminatedReason.Add(1, [.. Id(p), ("container", Name(c)), ("reason", reason)]);
            }
        }
    }

    /// <summary>The default labels of every pod series.</summary>
    public static (string, string)[] Id(StoredObject pod) => [("namespace", pod.Namespace), ("pod", pod.Name), ("uid", pod.Uid ?? "")];

    private static string Name(JsonElement container) => container.StringAt("name") ?? "";

    private static IEnumerable<(StoredObject Pod, JsonElement Container)> Containers(IReadOnlyList<StoredObject> pods) =>
        pods.SelectMany(p => p.Json.ItemsAt("status", "containerStatuses").Select(c => (p, c)));

    /// <summary>The object's ownerReferences: kind, name and whether it is the controller ("true"/"false").</summary>
    public static IEnumerable<(string? Kind, string? Name, string IsController)> Owners(JsonElement obj) =>
        obj.ItemsAt("metadata", "ownerReferences").Select(o =>
            (o.StringAt("kind"), o.StringAt("name"), o.At("controller") is { ValueKind: JsonValueKind.True } ? "true" : "false"));
}
