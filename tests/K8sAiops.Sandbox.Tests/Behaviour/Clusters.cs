using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Tests.Server;

namespace K8sAiops.Sandbox.Tests.Behaviour;

/// <summary>Test clusters with one Deployment <c>shop/api</c> (container <c>app</c>) shaped for a fault.</summary>
internal static class Clusters
{
    public const string CurrentSet = "api-5d8f7c9b4";

    public const string OldSet = "api-6c7b8d9f5";

    /// <summary>
    /// <c>shop/api</c> with two replicas of <paramref name="image"/>; <paramref name="container"/> changes the template's
    /// container (in the Deployment and its ReplicaSet), and the pods' specs follow the template as on a real cluster.
    /// </summary>
    public static TestCluster Api(string image = "registry.local/app:1.0", Action<JsonObject>? container = null)
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2", ip: "10.0.0.2");
        var (deployment, replicaSet) = cluster.Deployment("shop", "api", 2, image);
        foreach (var owner in new[] { deployment, replicaSet })
        {
            container?.Invoke(owner["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject());
        }

        foreach (var pod in cluster.Snapshot.Objects.Where(o => o["kind"]!.GetValue<string>() == "Pod"))
        {
            var spec = pod["spec"]!.AsObject();
            spec["containers"] = replicaSet["spec"]!["template"]!["spec"]!["containers"]!.DeepClone();
        }

        return cluster;
    }

    /// <summary>
    /// <c>shop/api</c> at revision 2 (<paramref name="image"/>) whose pods crash at start (exit code 1, CrashLoopBackOff),
    /// with the revision-1 ReplicaSet <see cref="OldSet"/> of <paramref name="oldImage"/> scaled to zero.
    /// </summary>
    public static TestCluster CrashingApi(string image = "registry.local/app:1.1", string oldImage = "registry.local/app:1.0")
    {
        var cluster = Api(image);
        var objects = cluster.Snapshot.Objects;
        var deployment = objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment");
        var current = objects.Single(o => o["kind"]!.GetValue<string>() == "ReplicaSet");
        deployment["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = "2";
        current["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = "2";
        var old = current.DeepClone().AsObject();
        old["metadata"]!["name"] = OldSet;
        old["metadata"]!["uid"] = "uid-rs-" + OldSet;
        old["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = "1";
        foreach (var labels in new[] { old["metadata"]!["labels"]!, old["spec"]!["selector"]!["matchLabels"]!, old["spec"]!["template"]!["metadata"]!["labels"]! })
        {
            labels["pod-template-hash"] = "6c7b8d9f5";
        }

        old["spec"]!["replicas"] = 0;
        old["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = oldImage;
        old["status"] = new JsonObject { ["replicas"] = 0 };
        objects.Add(old);
        foreach (var pod in objects.Where(o => o["kind"]!.GetValue<string>() == "Pod"))
        {
            var status = pod["status"]!["containerStatuses"]![0]!.AsObject();
            status["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 5m0s restarting failed container=app" } };
            status["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = TestCluster.Created, ["finishedAt"] = TestCluster.Created },
            };
            status["ready"] = false;
            status["restartCount"] = 6;
            pod["status"]!["conditions"]![0]!["status"] = "False";
        }

        return cluster;
    }

    public static void MemoryLimit(JsonObject container, string limit) =>
        container["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = limit }, ["requests"] = new JsonObject { ["memory"] = limit } };
}
