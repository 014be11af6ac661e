using System.Collections.Concurrent;
using K8sAiops.Durable.Timers;

namespace K8sAiops.Durable.Tests.Timers;

/// <summary>Every timer invocation seen by a test, from any host, in order.</summary>
internal sealed class Firings
{
    private readonly ConcurrentQueue<Firing> _all = new();

    public IReadOnlyList<Firing> All => [.. _all];

    /// <summary>A callback that records its invocation under <paramref name="hostId"/>.</summary>
    public Func<TimerInfo, CancellationToken, Task> RecordAs(string hostId) => (info, _) =>
    {
        _all.Enqueue(new Firing(hostId, info));
        return Task.CompletedTask;
    };

    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_all.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Saw {_all.Count} firings, expected {count} within {timeout}.");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>One invocation: which host ran it and what it was told.</summary>
internal sealed record Firing(string HostId, TimerInfo Info)
{
    public DateTime Occurrence => Info.ScheduleStatus.Last;
}
