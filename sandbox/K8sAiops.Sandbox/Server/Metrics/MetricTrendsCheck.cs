namespace K8sAiops.Sandbox.Server.Metrics;

/// <summary>What makes a <see cref="MetricTrends"/> entry unusable: a missing name, a number that is not finite, a negative amount, a share outside [0, 1].</summary>
internal static class MetricTrendsCheck
{
    /// <summary>The first problem, described for a person (which list, which entry, which property), or null.</summary>
    public static string? FirstProblem(MetricTrends trends)
    {
        var problems = trends.Volumes.Select((v, i) => First(
                $"Volumes[{i}] ({v.Namespace}/{v.Claim})",
                Problem(string.IsNullOrEmpty(v.Namespace) || string.IsNullOrEmpty(v.Claim), "needs a namespace and a claim"),
                Amount(v.UsedBytes, nameof(v.UsedBytes)),
                Finite(v.UsedBytesPerHour, nameof(v.UsedBytesPerHour))))
            .Concat(trends.Containers.Select((c, i) => First(
                $"Containers[{i}] ({c.Namespace}/{c.Workload ?? c.Pod ?? "*"}/{c.Container ?? "*"})",
                Problem(string.IsNullOrEmpty(c.Namespace), "needs a namespace"),
                Amount(c.MemoryBytes, nameof(c.MemoryBytes)),
                Finite(c.MemoryBytesPerHour, nameof(c.MemoryBytesPerHour)),
                Amount(c.CpuCores, nameof(c.CpuCores)),
                Problem(c.ThrottledFraction is { } f && !(f >= 0 && f <= 1), "ThrottledFraction must be between 0 and 1"))))
            .Concat(trends.Nodes.Select((n, i) => First(
                $"Nodes[{i}] ({n.Node})",
                Problem(string.IsNullOrEmpty(n.Node), "needs a node"),
                Amount(n.MemoryAvailableBytes, nameof(n.MemoryAvailableBytes)),
                Finite(n.MemoryAvailableBytesPerHour, nameof(n.MemoryAvailableBytesPerHour)),
                Amount(n.DiskAvailableBytes, nameof(n.DiskAvailableBytes)),
                Finite(n.DiskAvailableBytesPerHour, nameof(n.DiskAvailableBytesPerHour)))));
        return problems.FirstOrDefault(p => p is not null);
    }

    private static string? First(string entry, params string?[] problems) =>
        problems.FirstOrDefault(p => p is not null) is { } problem ? $"{entry}: {problem}" : null;

    private static string? Problem(bool failed, string text) => failed ? text : null;

    private static string? Finite(double value, string name) => double.IsFinite(value) ? null : $"{name} must be a finite number";

    private static string? Amount(double? value, string name) =>
        value is { } v && !(double.IsFinite(v) && v >= 0) ? $"{name} must be a finite number, 0 or more" : null;
}
