namespace K8sAiops.Durable.Replay;

/// <summary>
/// Runs orchestrator continuations on the episode's own thread, in order: awaits post here and the
/// executor drains the queue after every event. A post that arrives after the episode closed (the orchestrator
/// awaited Task.Delay, Task.Run or I/O) is dropped: it belongs to no episode.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _lock = new();

    public bool Closed { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            if (Closed)
            {
                // The episode is over: the orchestrator awaited something non-durable. The executor has
                // already failed it for that ("waiting on something that is not durable").
                return;
            }

            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Orchestrators cannot block on other threads.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs every queued continuation, including those queued while running.</summary>
    public void Drain()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out item))
                {
                    return;
                }
            }

            item.Callback(item.State);
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            Closed = true;
            _queue.Clear();
        }
    }
}
