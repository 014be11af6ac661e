using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// dependency-unavailable, form <c>init-waits</c>: an orders worker whose init container waits for its database
/// (<c>until nc -vz -w 2 orders-db 5432; do echo waiting for db...; sleep 10; done</c>) while the database is down
/// (see <see cref="DependencyUnavailableFault.DownDatabase"/>). The init container runs for the whole 40 minutes without
/// restarting, logging <c>nc: connect to orders-db port 5432 (tcp) failed: Connection refused</c>; the pods stay Pending
/// (<c>Init:0/1</c>), the app container waiting in PodInitializing. Nothing is wrong with the init container: it does what
/// it is for, and it finishes once the database is up, so the culprit is the database's StatefulSet.
/// Alert: KubePodNotReady on a worker pod.
/// </summary>
internal static class InitWaitsFault
{
    private const string InitName = "wait-for-db";

    public static InjectedFault Inject(FaultContext c)
    {
        var (db, _) = DependencyUnavailableFault.DownDatabase(c);
        var dbName = K8sJson.Name(db.StatefulSet);
        var plan = c.FreshApp("orders-worker", replicas: 2);
        var init = PodTemplates.Container(InitName, "registry.example.com/tools/netcat-openbsd:1.226");
        init["command"] = new JsonArray("sh", "-c", $"until nc -vz -w 2 {dbName} 5432; do echo 'waiting for db...'; sleep 10; done");
        init["resources"] = PodTemplates.Resources("10m", "16Mi", null, "32Mi");
        ((JsonObject)plan.Template["spec"]!).Insert(0, "initContainers", new JsonArray(init));
        var parts = Apps.Deploy(c.B, plan);
        FaultKit.RolloutEvents(c, parts, plan.Replicas);
        foreach (var pod in parts.Pods)
        {
            Waiting(c, pod, plan, init, dbName);
        }

        Networking.RefreshEndpoints(c.B, parts.Service!, c.Since.AddSeconds(15));
        WorkloadStatus.RecountDeployment(c.B, parts.Deployment, c.Since.AddMinutes(1));
        var target = parts.Pods[0];
        c.Note($"Pod {c.Namespace}/{K8sJson.Name(target)}: Pending (Init:0/1), init container {InitName} running for 40 minutes, 0 restarts");
        c.Note($"Logs of {InitName}: nc: connect to {dbName} port 5432 (tcp) failed: Connection refused");
        c.Note($"StatefulSet {c.Namespace}/{dbName}: its pod in CrashLoopBackOff, Service {c.Namespace}/{dbName} without ready endpoints");
        return c.Done(FaultContext.Ref(db.StatefulSet), FaultContext.Ref(target), MixinAlerts.PodNotReady(target));
    }

    private static void Waiting(FaultContext c, JsonObject pod, AppPlan plan, JsonObject init, string dbName)
    {
        var created = FaultKit.Created(pod);
        var started = created.AddSeconds(2);
        var status = (JsonObject)pod["status"]!;
        status["phase"] = "Pending";
        status["conditions"] = Pods.Conditions(created, initialized: false, ready: false, readyAt: created,
            "ContainersNotInitialized", $"containers with incomplete status: [{InitName}]",
            "ContainersNotReady", $"containers with unready status: [{plan.Name}]");
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, Pods.Container(pod, InitName), Pods.Running(started), null, ready: false, restarts: 0, started: false));
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, Pods.Container(pod, plan.Name), Pods.Waiting("PodInitializing"), null,
            ready: false, restarts: 0, started: false, imagePulled: false));
        c.B.Snapshot.Logs.Remove(new ContainerLogKey(c.Namespace, K8sJson.Name(pod), plan.Name, false));
        c.B.Log(pod, InitName, WaitLog(started, c.Now, dbName));

        var kubelet = EventSource.Kubelet(K8sJson.Text(pod, "spec", "nodeName")!);
        var path = Events.InitContainerPath(InitName);
        FaultKit.Scheduled(c, pod);
        Events.Add(c.B, pod, "Normal", "Pulled", $"Container image \"{K8sJson.Text(init, "image")}\" already present on machine", kubelet, created.AddSeconds(1), fieldPath: path);
        Events.Add(c.B, pod, "Normal", "Created", $"Created container {InitName}", kubelet, created.AddSeconds(1), fieldPath: path);
        Events.Add(c.B, pod, "Normal", "Started", $"Started container {InitName}", kubelet, started, fieldPath: path);
    }

    /// <summary>What the loop prints: OpenBSD netcat's refusal (a ClusterIP without endpoints rejects the connection), then the echo.</summary>
    private static IEnumerable<string> WaitLog(DateTimeOffset started, DateTimeOffset now, string dbName)
    {
        for (var t = started; t < now; t = t.AddSeconds(10))
        {
            yield return $"nc: connect to {dbName} port 5432 (tcp) failed: Connection refused";
            yield return "waiting for db...";
        }
    }
}
