namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// The kubelet's cAdvisor families (<c>/metrics/cadvisor</c>) for running containers: labels namespace, pod, container,
/// image and node (on a real cluster <c>node</c> is a target label the Prometheus Operator adds). The counters count
/// from the container's start at the rate <see cref="ContainerUsage"/> gives.
/// </summary>
internal static class CadvisorMetrics
{
    public static void Write(ExpositionWriter w, UsageScrape scrape)
    {
        var containers = RunningContainer.All(scrape).Select(c => (Container: c, Usage: ContainerUsage.Of(c, scrape))).ToList();

        var workingSet = w.Gauge("container_memory_working_set_bytes", "Current working set in bytes.");
        foreach (var (c, usage) in containers)
        {
            workingSet.Add(usage.MemoryBytes, Labels(c));
        }

        var cpu = w.Counter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.");
        foreach (var (c, usage) in containers)
        {
            cpu.Add(Math.Round(usage.CpuCores * c.SecondsRunning(scrape.Now), 6), Labels(c));
        }

        var limited = containers.Where(c => c.Container.Limit("cpu") is > 0).ToList();
        var periods = w.Counter("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.");
        foreach (var (c, _) in limited)
        {
            periods.Add(Periods(c, scrape), Labels(c));
        }

        var throttled = w.Counter("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.");
        foreach (var (c, usage) in limited)
        {
            throttled.Add(Math.Floor(Periods(c, scrape) * usage.ThrottledFraction), Labels(c));
        }
    }

    private static double Periods(RunningContainer c, UsageScrape scrape) => Math.Floor(c.SecondsRunning(scrape.Now) * ContainerUsage.PeriodsPerSecond);

    private static (string, string)[] Labels(RunningContainer c) =>
        [("namespace", c.Namespace), ("pod", c.Pod.Name), ("container", c.Name), ("image", c.Image), ("node", c.Node)];
}
