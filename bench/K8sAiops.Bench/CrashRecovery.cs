using System.Diagnostics;
using K8sAiops.Durable;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Testing;
using K8sAiops.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sAiops.Bench;

/// <summary>
/// The crash-recovery scenario: host A (a K8sAiops.TestHost process) runs long, paced sequences of activities (one
/// every 250 ms, so that Azurite's history does not grow without bound during the run) and is killed
/// with SIGKILL while they are in flight. Mode "replacement": host B, with another worker id, is started after the
/// kill (the only host died). Mode "survivor": B runs beside A from the start and has taken its share of partitions
/// (one of several hosts died). Measured: for each in-flight instance, the seconds from the kill until its instance
/// row shows a checkpoint written after the kill.
/// </summary>
internal static class CrashRecovery
{
    public const string Name = "crash-recovery";
    private const int InFlight = 20;

    public static async Task<object> RunAsync(string connection, double? leaseSeconds, bool survivor)
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
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Paced, 100_000));
            }

            // Let every instance run a few steps, so A holds leases, control messages and activity messages.
            foreach (var id in ids)
            {
                await WaitUntilAsync(async () => (await client.GetHistoryAsync(id)).Count > 8, TimeSpan.FromSeconds(60), $"{id} did not start");
            }

            Console.Error.WriteLine($"  {ids.Count} instances running on host A");
            if (survivor)
            {
                // B joins; within a few renew intervals A hands it half of the partitions.
                b = await StartAsync(connection, hub, "recovery-b", leaseSeconds);
                var renew = Math.Min(new AzureStorageOptions().LeaseRenewInterval.TotalSeconds, lease.TotalSeconds / 3);
                Console.Error.WriteLine("  host B joined; waiting for the partitions to be shared");
                await Task.Delay(TimeSpan.FromSeconds((3 * renew) + 5));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2000)));
            await a.KillAsync();
            Console.Error.WriteLine("  host A killed");
            var killed = Stopwatch.StartNew();
            var atKill = new Dictionary<string, DateTimeOffset>();
            foreach (var id in ids)
            {
                atKill[id] = (await client.GetInstanceAsync(id))!.LastUpdatedAt;
            }

            using var probing = new CancellationTokenSource();
            var probe = ProbeStorageAsync(client, probing.Token);
            b ??= await StartAsync(connection, hub, "recovery-b", leaseSeconds);
            var hostStart = survivor ? TimeSpan.Zero : killed.Elapsed;
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

            await probing.CancelAsync();
            var (stalls, longestStall) = await probe;
            if (progressed.Count < ids.Count)
            {
                Console.Error.WriteLine($"{ids.Count - progressed.Count} instances made no progress within {deadline.TotalSeconds} s; host B said:\n{b.Output}");
            }

            double? seconds = progressed.Count == 0 ? null : Math.Round(progressed.Values.Max(), 1);
            return new
            {
                scenario = Name,
                mode = survivor ? "survivor" : "replacement",
                inFlight = ids.Count,
                progressed = progressed.Count,
                leaseSeconds = lease.TotalSeconds,
                secondsToStartHostB = Math.Round(hostStart.TotalSeconds, 1),
                firstProgressSeconds = progressed.Count == 0 ? (double?)null : Math.Round(progressed.Values.Min(), 1),
                seconds,
                boundSeconds = lease.TotalSeconds + 5,
                withinBound = progressed.Count == ids.Count && seconds <= lease.TotalSeconds + 5,
                storageStalls = stalls,
                longestStorageStallSeconds = Math.Round(longestStall, 1),
                store = "azurite",
            };
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("TESTHOST_LOG_LEVEL") is not null)
            {
                Console.Error.WriteLine($"host A said:\n{a?.Output}\nhost B said:\n{b?.Output}");
            }

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

    /// <summary>
    /// Times a trivial storage read every 250 ms while recovery is measured. Azurite (in memory) sometimes stops
    /// answering everyone for tens of seconds; a recovery figure taken across such a stall says so instead of
    /// passing it off as the runtime's. Returns how many reads took over a second, and the longest.
    /// </summary>
    private static async Task<(int Stalls, double LongestSeconds)> ProbeStorageAsync(DurableTaskClient client, CancellationToken stop)
    {
        int stalls = 0;
        double longest = 0;
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            await client.GetInstanceAsync("storage-probe", cancellationToken: CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            stalls += seconds > 1 ? 1 : 0;
            longest = Math.Max(longest, seconds);
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (stalls, longest);
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
