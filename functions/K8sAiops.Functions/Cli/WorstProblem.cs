using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// Without an alert, <c>diagnose</c> diagnoses the worst problem in the snapshot: the alert a kubernetes-mixin rule
/// would raise first for it — a NotReady node, then the unhealthiest pod, then a failed Job, then a Deployment
/// missing replicas — or a resolved check on the cluster when nothing is wrong.
/// </summary>
internal static class WorstProblem
{
    public static Dictionary<string, string> AlertLabels(ClusterSnapshot snapshot, out bool firing)
    {
        firing = true;
        var byKind = snapshot.Objects.ToLookup(o => (string?)o["kind"]);

        var node = byKind["Node"].FirstOrDefault(n => Condition(n, "Ready") is not "True");
        if (node is not null)
            return Labels("KubeNodeNotReady", ("node", Name(node)));

        var pod = byKind["Pod"].Select(p => (Pod: p, Score: Badness(p))).Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score).ThenBy(p => Namespace(p.Pod), StringComparer.Ordinal).ThenBy(p => Name(p.Pod), StringComparer.Ordinal)
            .Select(p => p.Pod).FirstOrDefault();
        if (pod is not null)
            return Labels("KubePodNotReady", ("namespace", Namespace(pod)), ("pod", Name(pod)));

        var job = byKind["Job"].FirstOrDefault(j => Condition(j, "Failed") == "True");
        if (job is not null)
            return Labels("KubeJobFailed", ("namespace", Namespace(job)), ("job_name", Name(job)));

        var deployment = byKind["Deployment"].FirstOrDefault(d =>
            ((int?)d["spec"]?["replicas"] ?? 1) != ((int?)d["status"]?["availableReplicas"] ?? 0));
        if (deployment is not null)
            return Labels("KubeDeploymentReplicasMismatch", ("namespace", Namespace(deployment)), ("deployment", Name(deployment)));

        firing = false;
        return Labels("ClusterHealthCheck", ("namespace", "default"));
    }

    /// <summary>Higher is worse; 0 for a healthy or finished pod.</summary>
    private static int Badness(JsonObject pod)
    {
        var status = pod["status"];
        var phase = (string?)status?["phase"];
        if (phase == "Succeeded")
            return 0;
        var score = (string?)status?["reason"] == "Evicted" ? 40 : phase is "Pending" or "Failed" or "Unknown" ? 25 : 0;
        foreach (var container in Statuses(status, "initContainerStatuses").Concat(Statuses(status, "containerStatuses")))
        {
            if ((string?)container["state"]?["waiting"]?["reason"] is { } reason && reason != "PodInitializing")
                score += 20;
            if (container["ready"]?.GetValue<bool>() == false && container["state"]?["terminated"] is null)
                score += 5;
        }
        return phase == "Running" && Condition(pod, "Ready") is not "True" ? score + 10 : score;
    }

    private static IEnumerable<JsonObject> Statuses(JsonNode? status, string field) =>
        status?[field]?.AsArray().OfType<JsonObject>() ?? [];

    private static string? Condition(JsonObject obj, string type) =>
        obj["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)?["status"]?.GetValue<string>();

    private static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    private static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? "";

    private static Dictionary<string, string> Labels(string alertname, params (string Key, string Value)[] labels)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = alertname, ["severity"] = "warning" };
        foreach (var (key, value) in labels)
            all[key] = value;
        return all;
    }
}
