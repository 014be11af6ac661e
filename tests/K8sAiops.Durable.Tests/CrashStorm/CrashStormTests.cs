using System.Collections.Concurrent;
using K8sAiops.Durable.Client;
using K8sAiops.Durable.History;
using K8sAiops.Durable.Tests.Resilience;
using K8sAiops.TestHost;
using K8sAiops.Testing;
using Xunit.Abstractions;

namespace K8sAiops.Durable.Tests.CrashStorm;

/// <summary>
/// Two host processes with the product's lease and visibility defaults run diagnose-shaped orchestrations on Azurite
/// while they are killed with SIGKILL at random moments and restarted. Set CRASH_STORM_SEED to replay a storm.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class CrashStormTests(ITestOutputHelper output)
{
    private const int Instances = 30;
    private const int Kills = 12;

    [Fact]
    public async Task Diagnose_TwoHostsKilledAtRandom_EveryInstanceCompletesOnceWithItsEventConsumedOnce()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_STORM_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var (connection, hub, _, client) = await CrashRecoveryTests.NewHubAsync();
        var sink = Path.Combine(Path.GetTempPath(), $"{hub}-sink.tsv");
        var hosts = new HostProcess?[2];
        var names = new[] { "storm-a", "storm-b" };
        var generations = new int[2];
        var ids = Enumerable.Range(0, Instances).Select(i => $"storm-{i}").ToArray();
        var raised = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var h = 0; h < 2; h++)
            {
                hosts[h] = await StartHostAsync(connection, hub, names[h], sink);
            }

            var approver = Task.Run(() => ApproveOnceEachAsync(client, ids, raised, stop.Token));

            // Each round starts a wave of instances, waits a random time and kills a random host, so every kill finds
            // instances in flight at some random step. The host is restarted; most restarts get a new worker id, as
            // a new pod would, and every third keeps the old one, as a restarted process on the same machine would.
            var lastRestart = DateTimeOffset.UtcNow;
            var started = new List<string>();
            for (var kill = 1; kill <= Kills; kill++)
            {
                for (var i = kill - 1; i < Instances; i += Kills)
                {
                    await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Diagnose, i, new StartOrchestrationOptions(ids[i]));
                    started.Add(ids[i]);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 3000)));
                var h = random.Next(2);
                await hosts[h]!.KillAsync();
                var inFlight = await CountInFlightAsync(client, started);
                await hosts[h]!.DisposeAsync();
                hosts[h] = null;
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
                var workerId = kill % 3 == 0 ? names[h] : $"{names[h]}-{++generations[h]}";
                hosts[h] = await StartHostAsync(connection, hub, workerId, sink);
                lastRestart = DateTimeOffset.UtcNow;
                output.WriteLine($"kill {kill}: {names[h]} killed with {inFlight} instances in flight, restarted as {workerId}");
            }

            var results = new Dictionary<string, OrchestrationMetadata>();
            foreach (var id in ids)
            {
                results[id] = await CrashRecoveryTests.WaitAsync(client, id, TimeSpan.FromMinutes(3));
            }

            var recovery = results.Values.Max(r => r.LastUpdatedAt) - lastRestart;
            await stop.CancelAsync();
            await approver;
            output.WriteLine($"{Kills} kills; last restart to last completion: {recovery.TotalSeconds:F1} s");

            var effects = SideEffectSink.Read(sink);
            var duplicates = effects.GroupBy(e => e.Key).Count(g => g.Count() > 1);
            output.WriteLine($"{effects.Count} side effects recorded, {duplicates} activity calls ran more than once");
            for (var i = 0; i < Instances; i++)
            {
                var id = ids[i];
                var approval = $"approved-{i}";
                Assert.Equal(OrchestrationRuntimeStatus.Completed, results[id].RuntimeStatus);
                Assert.Equal(TestOrchestrations.DiagnoseResult(i, approval), results[id].ReadOutputAs<string>());

                var history = await client.GetHistoryAsync(id);
                HistoryAssert.IsConsistent(history, expectedActivities: 6);
                var events = history.OfType<EventRaised>().ToList();
                Assert.Equal(1, raised.GetValueOrDefault(id));
                Assert.Single(events);
                Assert.Equal(approval, DataConverter.Deserialize<string>(events[0].Input));

                var mine = effects.Where(e => e.Key.StartsWith(id + ":", StringComparison.Ordinal)).ToList();
                foreach (var n in Enumerable.Range(1, 3).Select(n => ((i * 10) + n).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    Assert.Contains(mine, e => e.Activity == "Collect" && e.Value == n);
                }

                Assert.Contains(mine, e => e.Activity == "Analyze");
                Assert.Contains(mine, e => e.Activity == "Remediate" && e.Value == approval);
                Assert.Contains(mine, e => e.Activity == "Notify");
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var host in hosts)
            {
                if (host is not null)
                {
                    await host.DisposeAsync();
                }
            }

            File.Delete(sink);
        }
    }

    private static Task<HostProcess> StartHostAsync(string connection, string hub, string workerId, string sink) =>
        HostProcess.StartAsync(connection, hub, workerId, visibilitySeconds: null, leaseSeconds: null, renewSeconds: null, sink: sink);

    private static async Task<int> CountInFlightAsync(DurableTaskClient client, IEnumerable<string> ids)
    {
        var count = 0;
        foreach (var id in ids)
        {
            if (await client.GetInstanceAsync(id) is { } state && !state.RuntimeStatus.IsTerminal())
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The person who approves: one event per instance, raised once it waits for approval.</summary>
    private static async Task ApproveOnceEachAsync(DurableTaskClient client, string[] ids, ConcurrentDictionary<string, int> raised, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (raised.ContainsKey(ids[i]))
                {
                    continue;
                }

                var state = await client.GetInstanceAsync(ids[i], getInputsAndOutputs: true, CancellationToken.None);
                if (state?.ReadCustomStatusAs<string>() == TestOrchestrations.AwaitingApproval)
                {
                    await client.RaiseEventAsync(ids[i], "Approval", $"approved-{i}", CancellationToken.None);
                    raised.AddOrUpdate(ids[i], 1, (_, n) => n + 1);
                }
            }

            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
