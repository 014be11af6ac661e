using System.Globalization;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;
using K8sAiops.Sandbox.Synthetic.Building;

namespace K8sAiops.Sandbox.Synthetic;

/// <summary>
/// Red herrings a diagnosis must see past: a pod that crashed once four days ago and has run fine since (with the
/// old BackOff Warning still listed, as on clusters that keep events longer), and a migration Job that completed.
/// </summary>
internal static class Noise
{
    public static void Add(ClusterBuilder b, string ns)
    {
        AddOldRestart(b, ns);
        AddCompletedMigration(b, ns);
    }

    private static void AddOldRestart(ClusterBuilder b, string ns)
    {
        var pod = b.Objects(ResourceKinds.Pod, ns)
            .Where(p => p["metadata"]?["ownerReferences"]?[0]?["kind"]?.GetValue<string>() == "ReplicaSet")
            .OrderBy(p => K8sJson.Text(p, "metadata", "creationTimestamp"), StringComparer.Ordinal)
            .FirstOrDefault();
        if (pod is null)
        {
            return;
        }

        var container = Pods.Containers(pod, "containers").First();
        var name = K8sJson.Text(container, "name")!;
        var created = DateTimeOffset.Parse(K8sJson.Text(pod, "metadata", "creationTimestamp")!, CultureInfo.InvariantCulture);
        var crashed = b.Now.AddDays(-4).AddHours(-3);
        var restarted = crashed.AddSeconds(11);
        Pods.SetContainerStatus(pod, Pods.ContainerStatus(pod, container, Pods.Running(restarted),
            Pods.Terminated(pod, container, 1, "Error", created.AddSeconds(3), crashed, 0), ready: true, restarts: 1, started: true));
        foreach (var condition in (JsonArray)pod["status"]!["conditions"]!)
        {
            if (K8sJson.Text(condition, "type") is "Ready" or "ContainersReady")
            {
                condition!["lastTransitionTime"] = K8sJson.Time(restarted.AddSeconds(6));
            }
        }

        var ip = K8sJson.Text(pod, "status", "podIP");
        b.Log(pod, name, [
            AppLogs.Line(crashed.AddMinutes(-3), "INFO", "served 2211 requests in the last 60s (errors=0 p99=35ms)"),
            AppLogs.Line(crashed.AddSeconds(-2), "ERROR", $"lost connection to message broker: read tcp {ip}:41872->10.96.201.14:5672: read: connection reset by peer"),
            AppLogs.Line(crashed, "ERROR", "consumer stopped unexpectedly; exiting with status 1"),
        ], previous: true);
        b.Log(pod, name, [
            AppLogs.Line(restarted.AddMilliseconds(210), "INFO", $"starting {name}"),
            AppLogs.Line(restarted.AddMilliseconds(320), "INFO", "connected to message broker"),
            AppLogs.Line(b.Now.AddMinutes(-1), "INFO", "served 1874 requests in the last 60s (errors=0 p99=29ms)"),
        ]);
        var node = K8sJson.Text(pod, "spec", "nodeName")!;
        Events.Add(b, pod, "Warning", "BackOff", Pods.BackOffMessage(pod, name), EventSource.Kubelet(node), crashed.AddSeconds(1),
            fieldPath: Events.ContainerPath(name));
    }

    private static void AddCompletedMigration(ClusterBuilder b, string ns)
    {
        var started = b.Now.AddDays(-2).AddHours(-5);
        var template = Batch.PodTemplate("migrate", $"registry.example.com/{ns}/schema-migrations:42", ["./migrate", "up"], restartPolicy: "Never");
        Batch.CompletedJob(b, ns, "schema-migrate-v42", template, null, started, TimeSpan.FromSeconds(27), [
            AppLogs.Line(started.AddSeconds(3), "INFO", "current schema version 41"),
            AppLogs.Line(started.AddSeconds(4), "INFO", "applying 0042_add_order_created_index.sql"),
            AppLogs.Line(started.AddSeconds(25), "INFO", "schema version 42; 1 migration applied"),
        ]);
    }
}
