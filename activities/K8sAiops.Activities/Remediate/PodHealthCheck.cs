using System.Globalization;
using System.Text.Json.Nodes;

namespace K8sAiops.Activities.Remediate;

/// <summary>What makes a pod unhealthy after a remediation: not Ready, a bad waiting reason, an OOM kill or restart since the write.</summary>
internal static class PodHealthCheck
{
    private static readonly string[] BadWaiting = ["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName"];

    /// <summary>Problems of <paramref name="pod"/>, each naming the pod; <paramref name="since"/> is when the remediation was applied.</summary>
    public static IEnumerable<string> Problems(JsonObject pod, DateTimeOffset since)
    {
        var name = $"pod {pod["metadata"]?["namespace"]?.GetValue<string>()}/{pod["metadata"]?["name"]?.GetValue<string>()}";
        // Kubernetes timestamps have whole seconds: compare at that precision, or a pod made in the same second looks older.
        var from = new DateTimeOffset(since.UtcTicks - (since.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var created = Time(pod["metadata"]?["creationTimestamp"]);
        var ready = (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
        var problems = new List<string>();

        var statuses = (pod["status"]?["initContainerStatuses"] as JsonArray ?? []).Concat(pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>();
        foreach (var status in statuses)
        {
            var container = status["name"]?.GetValue<string>();
            if (status["state"]?["waiting"]?["reason"]?.GetValue<string>() is { } reason && BadWaiting.Contains(reason))
                problems.Add($"{name}: container {container} waiting: {reason}");

            var oom = false;
            foreach (var terminated in new[] { status["state"]?["terminated"], status["lastState"]?["terminated"] })
            {
                if (terminated?["reason"]?.GetValue<string>() == "OOMKilled" && Time(terminated["finishedAt"]) is { } at && at >= from && !oom)
                {
                    problems.Add($"{name}: container {container} OOMKilled at {at.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}");
                    oom = true;
                }
            }

            var restarts = status["restartCount"]?.GetValue<int>() ?? 0;
            var lastExit = Time(status["lastState"]?["terminated"]?["finishedAt"]);
            if (!oom && restarts > 0 && ((created is { } c && c >= from) || (lastExit is { } exit && exit >= from)))
                problems.Add($"{name}: container {container} restarted since the remediation (restartCount {restarts.ToString(CultureInfo.InvariantCulture)})");
        }

        if (!ready)
            problems.Insert(0, $"{name}: not Ready (phase {pod["status"]?["phase"]?.GetValue<string>() ?? "unknown"})");
        return problems;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
}
