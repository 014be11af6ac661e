using System.Text.Json;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// The measured process's side of the protocol: after its warm-up run it writes <c>ready</c> and waits for a line on
/// stdin (the parent clears the sandbox's journal meanwhile, so it holds the measured run's requests alone); after the
/// measured run it writes its <see cref="WorkerReport"/> as one JSON line. Progress goes to stderr.
/// </summary>
internal static class Handshake
{
    public const string Ready = "ready";

    public static async Task ReadyAsync()
    {
        Console.WriteLine(Ready);
        await Console.In.ReadLineAsync();
    }

    public static void Report(WorkerReport report) => Console.WriteLine(JsonSerializer.Serialize(report, WorkerReport.Json));
}
