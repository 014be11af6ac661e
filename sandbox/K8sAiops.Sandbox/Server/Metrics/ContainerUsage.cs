namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>
/// What a running container uses at one scrape. Memory: the first matching <see cref="ContainerTrend"/> that sets it,
/// else the fault model's memory need (a container that needs more than its limit sits at the limit), else 40–60 % of
/// its limit (or request). CPU: the trend's cores, else 5–25 % of the limit (20–60 % of the request, or a few
/// millicores). Throttling: the trend's share of periods, else at most 1.5 %. The defaults are fixed per container.
/// </summary>
internal sealed record ContainerUsage(double MemoryBytes, double CpuCores, double ThrottledFraction)
{
    /// <summary>The CFS period the kubelet sets (100 ms): a container with a CPU limit runs ten periods a second.</summary>
    public const double PeriodsPerSecond = 10;

    /// <summary>A container without limit or request is taken to use this much memory at most (the default is 40–60 % of it).</summary>
    private const double UnboundedMemory = 256d * 1024 * 1024;

    public static ContainerUsage Of(RunningContainer c, UsageScrape scrape)
    {
        var trends = scrape.Trends.Containers.Where(t => Matches(t, c)).ToList();
        var memoryLimit = c.Limit("memory");
        var cpuLimit = c.Limit("cpu");

        var memory = memoryLimit ?? c.Request("memory") ?? UnboundedMemory;
        var usual = memory * StableHash.Between(c.Key + "|memory", 0.40, 0.60);
        if (scrape.Faults.MemoryNeedOf(c.Namespace, c.Workload, c.Name, c.Image) is { } need && Quantity.Parse(need.Memory) is { } needed)
        {
            usual = Math.Min(needed, memoryLimit ?? needed);
        }

        var memoryTrend = trends.FirstOrDefault(t => t.SetsMemory);
        var memoryBytes = memoryTrend is null
            ? usual
            : scrape.Trend(memoryTrend.MemoryBytes ?? usual, memoryTrend.MemoryBytesPerHour, memoryLimit ?? double.MaxValue);

        var cores = trends.FirstOrDefault(t => t.CpuCores is not null)?.CpuCores
            ?? (cpuLimit is { } limit ? limit * StableHash.Between(c.Key + "|cpu", 0.05, 0.25)
                : c.Request("cpu") is { } request ? request * StableHash.Between(c.Key + "|cpu", 0.20, 0.60)
                : StableHash.Between(c.Key + "|cpu", 0.002, 0.02));
        var throttled = trends.FirstOrDefault(t => t.ThrottledFraction is not null)?.ThrottledFraction
            ?? StableHash.Between(c.Key + "|throttled", 0, 0.015);

        return new ContainerUsage(
            Math.Round(memoryBytes),
            Math.Clamp(cores, 0, cpuLimit ?? double.MaxValue),
            Math.Clamp(throttled, 0, 1));
    }

    private static bool Matches(ContainerTrend t, RunningContainer c) =>
        t.Namespace == c.Namespace && In(t.Workload, c.Workload) && In(t.Pod, c.Pod.Name) && In(t.Container, c.Name);

    private static bool In(string? scope, string value) => scope is null || scope == value;
}
