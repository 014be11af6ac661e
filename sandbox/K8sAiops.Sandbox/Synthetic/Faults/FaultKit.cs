using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Server.Behaviour;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>The shapes failing pods take, with the events the kubelet and scheduler record for them.</summary>
internal static class FaultKit
{
    /// <summary>The crash-loop back-off the kubelet has reached after a few restarts.</summary>
    private static readonly TimeSpan BackOff = TimeSpan.FromMinutes(5);

    public static DateTimeOffset Created(JsonObject obj) =>
        DateTimeOffset.Parse(K8sJson.Text(obj, "metadata", "creationTimestamp")!, CultureInfo.InvariantCulture);

    /// <summary>The controllers' events of a rollout: ScalingReplicaSet on the Deployment, SuccessfulCreate on the ReplicaSet per pod.</summary>
    public static void RolloutEvents(FaultContext c, AppParts parts, int scaledTo)
    {
        Events.Add(c.B, parts.Deployment, "Normal", "ScalingReplicaSet",
            $"Scaled up replica set {K8sJson.Name(parts.ReplicaSet)} to {scaledTo.ToString(CultureInfo.InvariantCulture)}", EventSource.DeploymentController, Created(parts.ReplicaSet));
        foreach (var pod in parts.Pods)
        {
            Events.Add(c.B, parts.ReplicaSet, "Normal", "SuccessfulCreate", $"Created pod: {K8sJson.Name(pod)}", EventSource.ReplicaSetController, Created(pod));
        }
    }

    /// <summary>
    /// A container that keeps failing: waiting in CrashLoopBackOff, its last run terminated with <paramref name="exitCode"/>
    /// and <paramref name="reason"/>, the pod not ready; the current log is the last run's and the previous log the run before
    /// (as <c>kubectl logs</c> returns them); Scheduled, Pulled, Created, Started and BackOff events with their counts.
    /// </summary>
    public static void CrashLoop(FaultContext c, JsonObject pod, string container, int exitCode, string reason, int restarts,
        Func<DateTimeOffset, IEnumerable<string>>? runLog, TimeSpan? runTime = null, string? message = null, bool init = false)
    {
        var created = Created(pod);
        var run = runTime ?? TimeSpan.FromSeconds(2);
        var lastStart = c.Now - TimeSpan.FromSeconds(190) - run;
        var spec = Pods.Container(pod, container);
        var started = reason == "StartError" ? DateTimeOffset.UnixEpoch : lastStart;
        var status = Pods.ContainerStatus(pod, spec, Pods.Waiting("CrashLoopBackOff", Pods.CrashLoopMessage(pod, container)),
            Pods.Terminated(pod, spec, exitCode, reason, started, lastStart + run, restarts, message), ready: false, restarts: restarts, started: false);
        Pods.SetContainerStatus(pod, status);
        if (!init)
        {
            Pods.MarkNotReady(pod, created.AddSeconds(10), container);
        }

        if (runLog is not null)
        {
            c.B.Log(pod, container, runLog(lastStart));
            c.B.Log(pod, container, runLog(lastStart - BackOff - run), previous: true);
        }
        else
        {
            c.B.Log(pod, container, []);
            c.B.Log(pod, container, [], previous: true);
        }

        var kubelet = EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!);
        var path = init ? Events.InitContainerPath(container) : Events.ContainerPath(container);
        var image = K8sJson.Text(spec, "image")!;
        Scheduled(c, pod);
        Events.Add(c.B, pod, "Normal", "Pulled", $"Container image \"{image}\" already present on machine", kubelet, created.AddSeconds(1), lastStart, restarts + 1, path);
        Events.Add(c.B, pod, "Normal", "Created", $"Created container {container}", kubelet, created.AddSeconds(1), lastStart, restarts + 1, path);
        if (reason == "StartError")
        {
            Events.Add(c.B, pod, "Warning", "Failed", $"Error: {message}", kubelet, created.AddSeconds(2), lastStart, restarts + 1, path);
        }
        else
        {
            Events.Add(c.B, pod, "Normal", "Started", $"Started container {container}", kubelet, created.AddSeconds(2), lastStart, restarts + 1, path);
        }

        Events.Add(c.B, pod, "Warning", "BackOff", Pods.BackOffMessage(pod, container), kubelet, created.AddSeconds(30), c.Now.AddSeconds(-25), restarts * 9, path);
    }

    /// <summary>
    /// Records in the snapshot's fault model that <paramref name="container"/> of <paramref name="workload"/>, as it is
    /// now (image, command, args, env), exits with <paramref name="exitCode"/>, so that the sandbox's new pods crash too.
    /// </summary>
    public static void RecordCrash(FaultContext c, string workload, JsonObject container, int exitCode, string reason, string? message, string note)
    {
        c.B.Snapshot.Faults.CrashingContainers.Add(new CrashingContainer(K8sJson.Text(container, "image")!)
        {
            Namespace = c.Namespace,
            Workload = workload,
            Container = K8sJson.Text(container, "name"),
            Command = (container["command"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToArray(),
            Args = (container["args"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToArray(),
            Env = container["env"] is JsonArray { Count: > 0 } env ? env.DeepClone().AsArray() : null,
            ExitCode = exitCode,
            Reason = reason,
            Message = message,
            Note = note,
        });
    }

    /// <summary>The scheduler's Scheduled event for a pod (once per pod).</summary>
    public static void Scheduled(FaultContext c, JsonObject pod)
    {
        var node = K8sJson.Text(pod, "spec", "nodeName");
        var already = c.B.Objects(ResourceKinds.Event, K8sJson.Namespace(pod))
            .Any(e => K8sJson.Text(e, "reason") == "Scheduled" && K8sJson.Text(e, "involvedObject", "uid") == K8sJson.Uid(pod));
        if (node is not null && !already)
        {
            Events.Add(c.B, pod, "Normal", "Scheduled", $"Successfully assigned {K8sJson.Namespace(pod)}/{K8sJson.Name(pod)} to {node}", EventSource.Scheduler, Created(pod));
        }
    }

    /// <summary>A pod no node can take: Pending with PodScheduled=False, a FailedScheduling event, no logs.</summary>
    /// <summary>
    /// Deploys <paramref name="plan"/> as a rollout whose pods no node takes: each pod Pending with a FailedScheduling
    /// event saying <paramref name="message"/>. The alert is KubePodNotReady on the first pod; the culprit is the Deployment.
    /// </summary>
    public static InjectedFault UnschedulableRollout(FaultContext c, AppPlan plan, string message, string workloadNote)
    {
        var parts = Apps.Deploy(c.B, plan);
        RolloutEvents(c, parts, plan.Replicas);
        foreach (var pod in parts.Pods)
        {
            Unschedulable(c, pod, message);
        }

        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: Pending, PodScheduled=False Unschedulable");
        c.Note($"Event FailedScheduling: {message}");
        c.Note($"Deployment {c.Namespace}/{plan.Name}: {workloadNote}");
        return c.Done(FaultContext.Ref(parts.Deployment), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }

    public static void Unschedulable(FaultContext c, JsonObject pod, string message)
    {
        var created = Created(pod);
        Pods.MakeUnschedulable(pod, message, created);
        foreach (var container in Pods.Containers(pod, "containers"))
        {
            c.B.Snapshot.Logs.Remove(new ContainerLogKey(K8sJson.Namespace(pod), K8sJson.Name(pod), K8sJson.Text(container, "name")!, false));
        }

        Events.Add(c.B, pod, "Warning", "FailedScheduling", message, EventSource.Scheduler, created, c.Now.AddMinutes(-3), 9);
    }

    /// <summary>
    /// The scheduler's FitError message: each node's first failing reason, counted and sorted, then the preemption
    /// summary. Tainted or cordoned nodes fail on their taint; the others on <paramref name="fitReason"/>.
    /// </summary>
    public static string SchedulerMessage(ClusterBuilder b, string fitReason, string fitPreemption)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in b.AllNodes)
        {
            var taint = (node["spec"]?["taints"] as JsonArray)?.FirstOrDefault(t => K8sJson.Text(t, "effect") is "NoSchedule" or "NoExecute");
            var (reason, preempt) = taint is not null
                ? ($"node(s) had untolerated taint {{{K8sJson.Text(taint, "key")}: {K8sJson.Text(taint, "value")}}}", "Preemption is not helpful for scheduling")
                : (fitReason, fitPreemption);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            preemption[preempt] = preemption.GetValueOrDefault(preempt) + 1;
        }

        var n = b.AllNodes.Count.ToString(CultureInfo.InvariantCulture);
        return $"0/{n} nodes are available: {Counted(reasons)}. preemption: 0/{n} nodes are available: {Counted(preemption)}.";
    }

    /// <summary>A running container whose readiness probe fails: not ready, the pod not ready, Unhealthy events.</summary>
    public static void ReadinessFailing(FaultContext c, JsonObject pod, string container, string probeMessage, DateTimeOffset since)
    {
        var spec = Pods.Container(pod, container);
        var startedAt = Created(pod).AddSeconds(3);
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, spec, Pods.Running(startedAt), null, ready: false, restarts: 0, started: true));
        Pods.MarkNotReady(pod, since, container);
        var period = spec["readinessProbe"]?["periodSeconds"]?.GetValue<int>() ?? 10;
        var count = (int)((c.Now - since).TotalSeconds / period);
        Events.Add(c.B, pod, "Warning", "Unhealthy", probeMessage, EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!), since, c.Now.AddSeconds(-4),
            Math.Max(1, count), Events.ContainerPath(container));
    }

    /// <summary>Removes pods (and their logs) from the snapshot, as when a controller deletes them.</summary>
    public static void Delete(FaultContext c, IEnumerable<JsonObject> pods)
    {
        foreach (var pod in pods.ToList())
        {
            c.B.Snapshot.Objects.Remove(pod);
            foreach (var key in c.B.Snapshot.Logs.Keys.Where(k => k.Namespace == K8sJson.Namespace(pod) && k.Pod == K8sJson.Name(pod)).ToList())
            {
                c.B.Snapshot.Logs.Remove(key);
            }
        }
    }

    public static string ClusterIp(JsonObject service) => K8sJson.Text(service, "spec", "clusterIP")!;

    public static string ServiceHost(JsonObject service) => $"{K8sJson.Name(service)}.{K8sJson.Namespace(service)}.svc.cluster.local";

    private static string Counted(Dictionary<string, int> counts) =>
        string.Join(", ", counts.Select(kv => $"{kv.Value.ToString(CultureInfo.InvariantCulture)} {kv.Key}").Order(StringComparer.Ordinal));
}
