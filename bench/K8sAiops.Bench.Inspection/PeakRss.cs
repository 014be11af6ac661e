using System.Diagnostics;
using System.Globalization;

namespace K8sAiops.Bench.Inspection;

/// <summary>This process's peak resident set so far: <c>VmHWM</c> of <c>/proc/self/status</c> on Linux.</summary>
internal static class PeakRss
{
    public static long Bytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status) && File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line)
            return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
