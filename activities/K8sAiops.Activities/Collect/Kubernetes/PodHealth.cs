using k8s.Models;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>How healthy a pod looks from its status, to pick the pods worth reading first.</summary>
internal static class PodHealth
{
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running"
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Higher is worse: failed and waiting containers, restarts, not ready, pending, evicted.</summary>
    public static int Badness(V1Pod pod)
    {
        var status = pod.Status;
        if (status is null)
            return 1;
        var score = 0;
        if (status.Reason == "Evicted")
            score += 40;
        score += status.Phase switch
        {
            "Failed" => 30,
            "Pending" => 25,
            "Unknown" => 25,
            "Succeeded" => -10,
            _ => 0,
        };
        foreach (var container in (status.InitContainerStatuses ?? []).Concat(status.ContainerStatuses ?? []))
        {
            if (container.State?.Waiting is not null && container.State.Waiting.Reason != "PodInitializing")
                score += 20;
            if (container.State?.Terminated is { ExitCode: not 0 })
                score += 15;
            if (!container.Ready && container.State?.Terminated is null)
                score += 5;
            score += Math.Min(container.RestartCount, 10);
        }
        if (!IsReady(pod) && status.Phase == "Running")
            score += 10;
        return score;
    }
}
