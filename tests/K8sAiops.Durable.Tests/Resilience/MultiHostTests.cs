using System.Text.Json;
using K8sAiops.Durable.Worker;
using K8sAiops.TestHost;
using K8sAiops.Testing;

namespace K8sAiops.Durable.Tests.Resilience;

/// <summary>Two worker processes sharing one task hub on Azurite.</summary>
public sealed class MultiHostTests
{
    [Fact]
    public async Task TwoHosts_100Orchestrations_AllCompleteOnceWithOneWriterAtATime()
    {
        var (connection, hub, _, client) = await CrashRecoveryTests.NewHubAsync();
        string[] journals = [Path.Combine(Path.GetTempPath(), $"{hub}-w1.jsonl"), Path.Combine(Path.GetTempPath(), $"{hub}-w2.jsonl")];
        await using var first = await HostProcess.StartAsync(connection, hub, "w1", journal: journals[0]);
        await using var second = await HostProcess.StartAsync(connection, hub, "w2", journal: journals[1]);

        var ids = new List<(string Id, long Expected, int Activities)>();
        for (var i = 0; i < 100; i++)
        {
            var (name, count) = i % 2 == 0 ? (TestOrchestrations.Sequence, 3) : (TestOrchestrations.FanOut, 5);
            ids.Add((await client.ScheduleNewOrchestrationInstanceAsync(name, count), TestOrchestrations.SumOfSquares(count), count));
        }

        foreach (var (id, expected, activities) in ids)
        {
            var result = await CrashRecoveryTests.WaitAsync(client, id, TimeSpan.FromSeconds(120));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(expected, result.ReadOutputAs<long>());
            HistoryAssert.IsConsistent(await client.GetHistoryAsync(id), activities);
        }

        var writes = journals.SelectMany(File.ReadAllLines)
            .Select(line => JsonSerializer.Deserialize<CheckpointInfo>(line)!)
            .Where(w => w.Step == CheckpointStep.HistoryWritten)
            .ToList();
        Assert.Contains(writes, w => w.WorkerId == "w1");
        Assert.Contains(writes, w => w.WorkerId == "w2");
        foreach (var (id, _, _) in ids)
        {
            // Every successful append starts exactly where the previous one ended, whichever host made it:
            // no two hosts ever wrote the same part of an instance's history.
            var chain = writes.Where(w => w.InstanceId == id).OrderBy(w => w.HistoryIndex).ToList();
            var expectedIndex = 0;
            foreach (var write in chain)
            {
                Assert.Equal(expectedIndex, write.HistoryIndex);
                expectedIndex += write.EventCount;
            }

            Assert.Equal((await client.GetHistoryAsync(id)).Count, expectedIndex);
        }

        Array.ForEach(journals, File.Delete);
    }

    [Fact]
    public async Task TwoHosts_OneKilledForGood_SurvivorTakesItsPartitionsAndFinishesEverything()
    {
        var (connection, hub, _, client) = await CrashRecoveryTests.NewHubAsync();
        var doomed = await HostProcess.StartAsync(connection, hub, "doomed");
        await using var survivor = await HostProcess.StartAsync(connection, hub, "survivor");
        await Task.Delay(TimeSpan.FromSeconds(5)); // two lease refreshes: the partitions are now split between the hosts

        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.Sequence, 20));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await doomed.KillAsync();
        await doomed.DisposeAsync();

        foreach (var id in ids)
        {
            var result = await CrashRecoveryTests.WaitAsync(client, id, TimeSpan.FromSeconds(120));
            Assert.Equal(TestOrchestrations.SumOfSquares(20), result.ReadOutputAs<long>());
            HistoryAssert.IsConsistent(await client.GetHistoryAsync(id), 20);
        }
    }
}
