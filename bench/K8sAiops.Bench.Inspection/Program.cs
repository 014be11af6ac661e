using System.Globalization;
using System.Text.Json;
using K8sAiops.Sandbox.Server;

namespace K8sAiops.Bench.Inspection;

// Daily inspection benchmark: a generated cluster of about 5,000 pods on 200 nodes in 50 namespaces, served by the sandbox
// in this process; the InspectCluster orchestration and a bare HttpClient making the same paged requests, alternately,
// each in a process of its own, timed and with their peak RSS. Prints one JSON line with both, their ratio and the goals.
// Usage: dotnet run -c Release --project bench/K8sAiops.Bench.Inspection [-- --pods 5000] [--nodes 200] [--namespaces 50] [--runs 3] [--warmups 3] [--raw-parallel 8] [--runtime-default]
internal static class InspectionBench
{
    private const double GoalRatio = 2;
    private const double GoalPeakRssMiB = 1024;

    public static async Task<int> Main(string[] args)
    {
        if (Arg(args, "--worker") is { } side)
        {
            return side == "inspect"
                ? await InspectionWorker.RunAsync(Arg(args, "--kubeconfig")!, ArgInt(args, "--warmups", 3))
                : await RawListingWorker.RunAsync(new Uri(Arg(args, "--base")!), Arg(args, "--requests")!, ArgInt(args, "--parallel", 8), ArgInt(args, "--warmups", 3));
        }

        var runs = Math.Max(1, ArgInt(args, "--runs", 3));
        var rawParallel = Math.Max(1, ArgInt(args, "--raw-parallel", 8));
        var warmups = Math.Max(1, ArgInt(args, "--warmups", 3));
        var warm = warmups.ToString(CultureInfo.InvariantCulture);
        // --runtime-default runs the inspection with the runtime's default dynamic PGO instead of the host's setting, to compare.
        var hostPgo = !args.Contains("--runtime-default");
        Console.Error.WriteLine("generating the cluster ...");
        var snapshot = BenchCluster.Create(ArgInt(args, "--pods", 5000), ArgInt(args, "--nodes", 200), ArgInt(args, "--namespaces", 50), TimeProvider.System.GetUtcNow());
        var objects = BenchCluster.Counts(snapshot);
        Console.Error.WriteLine($"objects by kind: {string.Join(", ", objects.Select(o => $"{o.Key} {o.Value}"))}");

        await using var sandbox = await SandboxServer.StartAsync(snapshot);
        var work = Directory.CreateTempSubdirectory("k8saiops-bench-inspection-").FullName;
        var kubeconfig = sandbox.WriteKubeconfig(Path.Combine(work, "kubeconfig"));
        var requestsFile = Path.Combine(work, "requests.txt");

        var inspections = new List<WorkerRun>();
        var raws = new List<WorkerRun>();
        for (var run = 1; run <= runs; run++)
        {
            Console.Error.WriteLine($"run {run}/{runs}: the inspection ...");
            var inspection = await WorkerProcess.RunAsync("inspect", ["--kubeconfig", kubeconfig, "--warmups", warm], sandbox.Requests, hostPgo);
            inspections.Add(inspection);
            await File.WriteAllLinesAsync(requestsFile, inspection.Requests.Select(r => RecordedRequest.From(r).Format()));

            Console.Error.WriteLine($"run {run}/{runs}: the raw listing of its {inspection.Requests.Count} requests ...");
            var raw = await WorkerProcess.RunAsync("raw",
                ["--base", sandbox.BaseAddress.ToString(), "--requests", requestsFile, "--parallel", rawParallel.ToString(CultureInfo.InvariantCulture), "--warmups", warm], sandbox.Requests);
            raws.Add(raw);
            Console.Error.WriteLine($"run {run}/{runs}: {Describe(inspection)}; {Describe(raw)}; the inspection's phases: "
                + string.Join(", ", inspection.Report.Phases!.Select(p => $"{p.Key} {p.Value:F0} ms")));
        }
        Directory.Delete(work, recursive: true);

        var inspectionMs = Median(inspections.Select(r => r.Report.Ms));
        var rawMs = Median(raws.Select(r => r.Report.Ms));
        var inspectionPeak = inspections.Max(r => r.Report.PeakRssMiB);
        var rawPeak = raws.Max(r => r.Report.PeakRssMiB);
        var last = inspections[^1].Report;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["scenario"] = "daily-inspection",
            ["runs"] = runs,
            ["warmups"] = warmups,
            ["runtime"] = last.Runtime,
            ["pods"] = objects.GetValueOrDefault("Pod"),
            ["nodes"] = objects.GetValueOrDefault("Node"),
            ["namespaces"] = objects.GetValueOrDefault("Namespace"),
            ["objects"] = objects,
            ["apiRequests"] = inspections[^1].Requests.Count,
            ["rawApiRequests"] = raws[^1].Requests.Count,
            ["listedMiB"] = Math.Round((raws[^1].Report.BodyBytes ?? 0) / 1024.0 / 1024.0, 1),
            ["rawStatusMismatches"] = raws.Sum(r => r.Report.StatusMismatches ?? 0),
            ["rawParallel"] = rawParallel,
            ["inspectionMedianMs"] = Math.Round(inspectionMs, 1),
            ["inspectionFirstRunMedianMs"] = Math.Round(Median(inspections.Select(r => r.Report.FirstRunMs)), 1),
            ["rawListingMedianMs"] = Math.Round(rawMs, 1),
            ["rawListingFirstRunMedianMs"] = Math.Round(Median(raws.Select(r => r.Report.FirstRunMs)), 1),
            ["inspectionCpuMedianMs"] = Math.Round(Median(inspections.Select(r => r.Report.CpuMs)), 1),
            ["rawListingCpuMedianMs"] = Math.Round(Median(raws.Select(r => r.Report.CpuMs)), 1),
            ["inspectionAllocatedMedianMiB"] = Math.Round(Median(inspections.Select(r => r.Report.AllocatedMiB)), 1),
            ["inspectionGcPauseMedianMs"] = Math.Round(Median(inspections.Select(r => r.Report.GcPauseMs)), 1),
            ["sandboxCpuMedianMsDuringInspection"] = Math.Round(Median(inspections.Select(r => r.SandboxCpuMs)), 1),
            ["sandboxCpuMedianMsDuringRawListing"] = Math.Round(Median(raws.Select(r => r.SandboxCpuMs)), 1),
            ["ratio"] = Math.Round(inspectionMs / rawMs, 2),
            ["goalRatio"] = GoalRatio,
            ["ratioWithinGoal"] = inspectionMs / rawMs <= GoalRatio,
            ["inspectionPeakRssMiB"] = Math.Round(inspectionPeak, 1),
            ["rawPeakRssMiB"] = Math.Round(rawPeak, 1),
            ["goalPeakRssMiB"] = GoalPeakRssMiB,
            ["peakRssWithinGoal"] = inspectionPeak <= GoalPeakRssMiB,
            ["score"] = last.Score,
            ["grade"] = last.Grade,
            ["findings"] = last.Findings,
            ["findingsByCheck"] = last.FindingsByCheck,
            ["inspectionPhasesMs"] = last.Phases,
        }));
        return 0;
    }

    private static string Describe(WorkerRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Report.Side} {run.Report.Ms:F0} ms, peak RSS {run.Report.PeakRssMiB:F0} MiB, CPU {run.Report.CpuMs:F0} ms (the sandbox's meanwhile {run.SandboxCpuMs:F0} ms)");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int ArgInt(string[] args, string name, int fallback) =>
        int.TryParse(Arg(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
