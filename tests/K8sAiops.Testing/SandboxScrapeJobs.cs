namespace K8sAiops.Testing;

/// <summary>
/// The scrape jobs a real cluster's kube-prometheus-stack has, pointed at one sandbox (K8sAiops.Sandbox): kube-state-metrics on
/// <c>/metrics</c>; the kubelet on <c>/metrics/kubelet</c> and its cAdvisor on <c>/metrics/cadvisor</c>, both with
/// <c>job="kubelet"</c> and the <c>metrics_path</c> label the Prometheus Operator adds (the mixin's kubelet rules select
/// both); node-exporter on <c>/metrics/node-exporter</c> with <c>honor_labels</c>, so that its <c>instance</c> stays the node's name.
/// </summary>
public static class SandboxScrapeJobs
{
    /// <param name="sandbox">The sandbox's base address (<c>SandboxServer.BaseAddress</c>).</param>
    public static IReadOnlyList<PrometheusScrapeTarget> For(Uri sandbox)
    {
        string[] target = [sandbox.Authority];
        return
        [
            new PrometheusScrapeTarget("kube-state-metrics", target),
            new PrometheusScrapeTarget("kubelet", target, "/metrics/kubelet") { Labels = Labels(("metrics_path", "/metrics")) },
            new PrometheusScrapeTarget("kubelet-cadvisor", target, "/metrics/cadvisor") { Labels = Labels(("job", "kubelet"), ("metrics_path", "/metrics/cadvisor")) },
            new PrometheusScrapeTarget("node-exporter", target, "/metrics/node-exporter") { HonorLabels = true },
        ];
    }

    private static Dictionary<string, string> Labels(params (string Name, string Value)[] labels) =>
        labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal);
}
