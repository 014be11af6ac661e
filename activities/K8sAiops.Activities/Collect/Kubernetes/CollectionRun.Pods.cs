using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>Everything about one pod: its events, its containers' logs, its node, its volumes, its configuration.</summary>
    private async Task PodDetailsAsync(V1Pod pod)
    {
        var reference = RefOf("Pod", pod);
        var source = reference.ToString();
        var nodeName = pod.Spec?.NodeName;
        await Task.WhenAll(
            Safely(source, "events", () => EventsForAsync(reference)),
            LogsAsync(pod),
            nodeName is { Length: > 0 }
                ? Once($"node/{nodeName}", () => NodeAsync(nodeName, EvidenceRole.Node))
                : Once("candidate-nodes", CandidateNodesAsync),
            StorageAsync(pod),
            ConfigurationAsync(pod));
    }

    /// <summary>
    /// Current and previous logs of every container that has run: the previous log only when the container
    /// restarted or terminated, the current one only when it has started.
    /// </summary>
    private Task LogsAsync(V1Pod pod)
    {
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []).ToList();
        var reads = new List<Task>();
        foreach (var status in statuses)
        {
            var started = status.State?.Running is not null || status.State?.Terminated is not null;
            var ranBefore = status.RestartCount > 0 || status.LastState?.Terminated is not null;
            if (started)
                reads.Add(LogAsync(pod, status.Name, previous: false));
            if (ranBefore)
                reads.Add(LogAsync(pod, status.Name, previous: true));
            if (!started && !ranBefore && status.State?.Waiting is { } waiting)
            {
                Bundle.AddNote(RefOf("Pod", pod).ToString(),
                    $"container {status.Name} has not started ({waiting.Reason}{(string.IsNullOrEmpty(waiting.Message) ? "" : ": " + redact(waiting.Message))}); it has no logs");
            }
        }
        return Task.WhenAll(reads);
    }

    private async Task LogAsync(V1Pod pod, string container, bool previous)
    {
        var reference = RefOf("Pod", pod);
        var what = previous ? $"previous logs of container {container}" : $"logs of container {container}";
        await Safely(reference.ToString(), what, async () =>
        {
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, container: container, previous: previous,
                tailLines: options.LogTailLines, limitBytes: options.LogLimitBytes, cancellationToken: cancellation);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellation);

            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            if (lines.Count > 0 && lines[^1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            var redactions = 0;
            var redacted = lines.Select(line =>
            {
                var clean = redact(line);
                if (clean != line)
                    redactions++;
                return clean;
            }).ToList();
            var (errors, tail, truncated) = LogExcerpt.Cut(redacted, options.MaxErrorLines, options.MaxTailLines, options.MaxLineLength);
            Bundle.AddLog(new EvidenceLog
            {
                Id = "",
                Pod = reference,
                Container = container,
                Previous = previous,
                ErrorLines = errors,
                TailLines = tail,
                LinesRead = lines.Count,
                Truncated = truncated,
                Redactions = redactions,
            });
        }, previous ? NoteSeverity.Info : NoteSeverity.Warning);
    }
}
