using System.Text.Json;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// What a measured process says on its last stdout line: the first (cold) run's time, the measured run's time and CPU time, its
/// peak resident set, and per side what it saw (the inspection's score and findings; the raw listing's requests).
/// </summary>
internal sealed record WorkerReport(
    string Side,
    double FirstRunMs,
    double Ms,
    double CpuMs,
    long PeakRssBytes,
    int? Requests = null,
    int? StatusMismatches = null,
    long? BodyBytes = null,
    int? Score = null,
    string? Grade = null,
    int? Findings = null,
    Dictionary<string, int>? FindingsByCheck = null,
    Dictionary<string, double>? Phases = null)
{
    /// <summary>What the measured run allocated, and how long the GC paused the process meanwhile.</summary>
    public double AllocatedMiB { get; init; }

    public double GcPauseMs { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public double PeakRssMiB => PeakRssBytes / 1024.0 / 1024.0;

    /// <summary>The runtime settings the process ran with, which move its figures: the GC and dynamic PGO.</summary>
    public string Runtime { get; init; } = Describe();

    private static string Describe() =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, dynamic PGO {(Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" || AppContext.GetData("System.Runtime.TieredPGO") is false or "false" ? "off" : "on")}";
}
