using K8sAiops.Durable.Storage;
using K8sAiops.Durable.Worker;

namespace K8sAiops.Durable.Tests.Worker;

/// <summary>The session cache never has two live sessions for one instance, however trimming and polling interleave.</summary>
public sealed class SessionCacheTests
{
    [Fact]
    public async Task EnqueueWhileTrimming_NeverTwoLiveSessionsForOneInstance()
    {
        var cache = new SessionCache();
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var violations = 0;
        var runs = 0;
        var ids = Enumerable.Range(0, 8).Select(i => $"instance-{i}").ToArray();

        var trimmer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                cache.Trim(0);
            }
        });
        var pollers = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            var running = new List<Task>();
            while (!stop.IsCancellationRequested)
            {
                var id = ids[random.Next(ids.Length)];
                if (cache.Enqueue(id, [new FakeMessage()]) is not { } session)
                {
                    continue;
                }

                Interlocked.Increment(ref runs);
                running.Add(Task.Run(() =>
                {
                    // A live session must be the one the cache hands new messages to, for as long as it runs.
                    while (session.TakePending() is { Count: > 0 })
                    {
                        if (!cache.TryGet(id, out var current) || !ReferenceEquals(current, session))
                        {
                            Interlocked.Increment(ref violations);
                        }
                    }
                }));
                if (running.Count > 64)
                {
                    await Task.WhenAll(running);
                    running.Clear();
                }
            }

            await Task.WhenAll(running);
        })).ToArray();

        await Task.WhenAll([trimmer, .. pollers]);

        Assert.True(runs > 1000, $"Only {runs} sessions ran; the test did not exercise the cache.");
        Assert.Equal(0, violations);
    }

    private sealed class FakeMessage() : ReceivedMessage(new TaskMessage("x", null, new History.OrchestratorStarted()), 1);
}
