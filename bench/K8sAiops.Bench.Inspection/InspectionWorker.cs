using System.Text.Json;
using K8sAiops.Activities.Inspect;
using K8sAiops.Activities.Report;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Functions.Cli;
using K8sAiops.Functions.Inspections;
using Microsoft.Extensions.DependencyInjection;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// Side A, in its own process: the host <c>k8saiops inspect</c> runs (the whole product on the in-memory durable runtime)
/// runs the InspectCluster orchestration against the sandbox, without the chat card: <c>warmups</c> runs (at least one)
/// warm the code up (the JIT's tiers, as in a host that has run before) and leave a previous report, as the day before
/// would; the next is measured. The first run's time is reported too, as the cold figure. A run's time is the instance's own,
/// from its creation to its completion as the runtime recorded them.
/// </summary>
internal static class InspectionWorker
{
    public static async Task<int> RunAsync(string kubeconfig, int warmups)
    {
        await using var host = InspectCommand.BuildInMemoryHost(kubeconfig, context: null);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var (firstMs, _, _) = await InspectAsync(client);
        for (var i = 1; i < warmups; i++)
            await InspectAsync(client);
        await Handshake.ReadyAsync();
        var cpu = CpuTime.OfThisProcess();
        var (allocated, paused) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
        var (ms, summary, done) = await InspectAsync(client);
        var cpuMs = (CpuTime.OfThisProcess() - cpu).TotalMilliseconds;
        var (allocatedMiB, pauseMs) = ((GC.GetTotalAllocatedBytes() - allocated) / 1048576.0, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
        var peak = PeakRss.Bytes();
        var phases = await InspectionPhases.ReadAsync(client, done);
        var report = JsonSerializer.Deserialize<InspectionReport>(
            (await host.Services.GetRequiredService<IReportStore>().ReadAsync(done.InstanceId, CompleteInspection.JsonName))!, CompleteInspection.Json)!;
        var byCheck = report.Findings.GroupBy(f => f.Check, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Handshake.Report(new WorkerReport("inspect", firstMs, ms, cpuMs, peak,
            Score: summary.Score, Grade: summary.Grade, Findings: summary.Open, FindingsByCheck: byCheck, Phases: phases)
        {
            AllocatedMiB = allocatedMiB,
            GcPauseMs = pauseMs,
        });

        await host.StopAsync();
        return 0;
    }

    private static async Task<(double Ms, InspectionSummary Summary, OrchestrationMetadata Done)> InspectAsync(DurableTaskClient client)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(InspectClusterOrchestration),
            new InspectClusterRequest(Trigger: "bench", Notify: false), new StartOrchestrationOptions(null));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var done = await InspectCommand.WaitWithProgressAsync(client, id, Console.Error, timeout.Token);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            throw new InvalidOperationException($"The inspection {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return ((done.CompletedAt!.Value - done.CreatedAt).TotalMilliseconds, done.ReadOutputAs<InspectionSummary>()!, done);
    }
}
