using System.Diagnostics;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Testing;
using K8sAiops.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Bench;

/// <summary>
/// The crash-recovery scenario: host A (a K8sAiops.TestHost process) runs long sequences of activities; it is killed
/// with SIGKILL while they are in flight and host B, with another worker id, is started. Measured: for each in-flight
/// instance, the seconds from the kill until its instance row shows a checkpoint written after the kill.
/// </summary>
internal static class CrashRecovery
{
    public const string Name = "crash-recovery";
    private const int InFlight = 20;

    public static async Task<object> RunAsync(string connection, double? leaseSeconds)
    {
        var hub = Azurite.NewTaskHubName("bench");
        var options = new AzureStorageOptions { ConnectionString = connection, TaskHubName = hub };
        var store = new AzureStorageOrchestrationStore(options, TimeProvider.System, NullLoggerFactory.Instance);
        await store.CreateIfNotExistsAsync();
        var client = new DurableTaskClient(store, TimeProvider.System);
        var lease = TimeSpan.FromSeconds(leaseSeconds ?? new AzureStorageOptions().LeaseDuration.TotalSeconds);
        HostProcess? a = null, b = null;
        try
        {
            a = await StartAsync(connection, hub, "recovery-a", leaseSeconds);
            var ids = new List<string>();
            for (var i = 0; i < InFlight; i++)
            {
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 1_000_000));
            }

            // Let every instance run a few steps, so A holds leases, control messages and activity messages.
            foreach (var id in ids)
            {
                await WaitUntilAsync(async () => (await client.GetHistoryAsync(id)).Count > 8, TimeSpan.FromSeconds(60), $"{id} did not start");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2000)));
            await a.KillAsync();
            var killed = Stopwatch.StartNew();
            var atKill = new Dictionary<string, DateTimeOffset>();
            foreach (var id in ids)
            {
                atKill[id] = (await client.GetInstanceAsync(id))!.LastUpdatedAt;
            }

            b = await StartAsync(connection, hub, "recovery-b", leaseSeconds);
            var hostStart = killed.Elapsed;
            var progressed = new Dictionary<string, double>();
            var deadline = lease + lease + TimeSpan.FromSeconds(60);
            while (progressed.Count < ids.Count && killed.Elapsed < deadline)
            {
                foreach (var id in ids.Where(id => !progressed.ContainsKey(id)))
                {
                    if ((await client.GetInstanceAsync(id))!.LastUpdatedAt > atKill[id])
                    {
                        progressed[id] = killed.Elapsed.TotalSeconds;
                    }
                }

                await Task.Delay(100);
            }

            var seconds = progressed.Values.DefaultIfEmpty(double.NaN).Max();
            return new
            {
                scenario = Name,
                inFlight = ids.Count,
                progressed = progressed.Count,
                leaseSeconds = lease.TotalSeconds,
                secondsToStartHostB = Math.Round(hostStart.TotalSeconds, 1),
                firstProgressSeconds = Math.Round(progressed.Values.DefaultIfEmpty(double.NaN).Min(), 1),
                seconds = Math.Round(seconds, 1),
                boundSeconds = lease.TotalSeconds + 5,
                withinBound = progressed.Count == ids.Count && seconds <= lease.TotalSeconds + 5,
                store = "azurite",
            };
        }
        finally
        {
            if (a is not null)
            {
                await a.DisposeAsync();
            }

            if (b is not null)
            {
                await b.KillAsync();
                await b.DisposeAsync();
            }

            await store.DeleteTaskHubAsync();
        }
    }

    private static Task<HostProcess> StartAsync(string connection, string hub, string workerId, double? leaseSeconds) =>
        HostProcess.StartAsync(connection, hub, workerId, visibilitySeconds: null, leaseSeconds: leaseSeconds, renewSeconds: null);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(100);
        }
    }
}
