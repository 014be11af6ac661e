using System.Diagnostics;

namespace K8sAiops.Bench.Inspection;

/// <summary>The CPU time (user and system, all threads) this process has used so far.</summary>
internal static class CpuTime
{
    public static TimeSpan OfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
